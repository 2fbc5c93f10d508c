package dev.imlab.client.internal;

import dev.imlab.client.Conversation;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state that outlives connections: pending sends and recalls, requests, the
 * ordering buffer, the ack and read cursors, the conversation book. It reads every frame the
 * server sends and routes it to the tracker it answers. Confined to the client's loop thread.
 *
 * <p>What v2 adds to the routes: a {@code minSeq} (from {@code sync_result} and every
 * {@code pull_result}) goes to the ordering buffer, which stops waiting below it, and to the
 * book, which tells the app; a {@code read_receipt} moves the user's or the peer's read seq; a
 * {@code send_ack} of a recall becomes the own recall message, as a {@code send_ack} of a send
 * becomes the own text message.
 */
final class Session implements ConnectionKeeper.Listener {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final ClientSettings settings;
    private final Callbacks callbacks;
    private final Consumer<String> kicked;
    private final Consumer<ServerFrame.Reconnect> reconnect;
    private final Executor loop;
    private final FrameCodec codec = new FrameCodec();
    final SendTracker sends;
    final Requests requests;
    final CursorTracker acks;
    final CursorTracker reads;
    final OrderingBuffer order;
    final ConversationBook book;
    final CatchUp catchUp;

    /**
     * {@code write} writes on the current connection; {@code kicked} ends it for good; {@code reconnect}
     * moves it to another gateway when this one drains (imlab's {@code reconnect} frame).
     */
    Session(ClientSettings settings, Callbacks callbacks, Executor loop, Scheduler scheduler, Backoff backoff,
            Consumer<String> write, Consumer<String> kicked, Consumer<ServerFrame.Reconnect> reconnect) {
        this.settings = settings;
        this.callbacks = callbacks;
        this.loop = loop;
        this.kicked = kicked;
        this.reconnect = reconnect;
        Consumer<ClientFrame> writer = frame -> write.accept(codec.encode(frame));
        this.sends = new SendTracker(scheduler, writer, settings.sendTimeout().toMillis(), backoff);
        this.requests = new Requests(scheduler, writer, backoff);
        this.acks = new CursorTracker(scheduler, (id, seq) -> writer.accept(new ClientFrame.Ack(id, seq)),
                settings.ackDelay().toMillis());
        this.reads = new CursorTracker(scheduler, (id, seq) -> writer.accept(new ClientFrame.Read(id, seq)),
                settings.readDelay().toMillis());
        this.order = new OrderingBuffer(new Deliveries());
        this.book = new ConversationBook(settings.userId(), callbacks);
        this.catchUp = new CatchUp(requests::sync, this::pull, order, callbacks);
    }

    CompletableFuture<ServerFrame.PullResult> pull(String conversationId, long fromSeq, long toSeq, int limit) {
        CompletableFuture<ServerFrame.PullResult> result = requests.pull(new ClientFrame.Pull(conversationId, fromSeq, toSeq, limit));
        result.whenComplete((ignored, error) -> {
            if (error != null) {
                order.pullFailed(conversationId, fromSeq, toSeq);
            }
        });
        return result;
    }

    /** The user read up to {@code seq}: the read seq and unread count move at once, the frame follows (never back). */
    void read(String conversationId, long seq) {
        long moved = book.read(conversationId, seq);
        if (moved > 0) {
            reads.advance(conversationId, moved);
        }
    }

    /** The user read everything this client knows of the conversation. */
    void readAll(String conversationId) {
        Conversation known = book.snapshot(conversationId);
        if (known != null && known.maxSeq() > 0) {
            read(conversationId, known.maxSeq());
        }
    }

    /** Sends what acks and reads are gathered, before the connection closes. */
    void flushCursors() {
        acks.flushNow();
        reads.flushNow();
    }

    // ---- the connection's events ------------------------------------------------------

    @Override
    public void opened() {
        requests.connectionOpened();
        sends.connectionOpened();
        acks.connectionOpened();
        reads.connectionOpened();
        catchUp.run().whenComplete((ignored, error) -> reportRefusal("catch-up after connecting", error));
    }

    @Override
    public void leaving() {
        flushCursors(); // the gateway we leave hands these acks and reads on before it stops
    }

    @Override
    public void lost(String why) {
        sends.connectionLost();
        requests.connectionLost(ErrorCode.UNAVAILABLE.exception("the connection was lost (" + why + ") before an answer came"));
        acks.connectionLost();
        reads.connectionLost();
        order.connectionLost();
    }

    @Override
    public void ended(RuntimeException cause) {
        acks.connectionLost();
        reads.connectionLost();
        sends.failAll(cause);
        requests.connectionLost(cause);
    }

    @Override
    public void ping() {
        requests.ping(); // any answer proves the line alive; nobody needs the pong itself
    }

    @Override
    public void text(String text) {
        callbacks.rawFrame(text);
        ServerFrame frame;
        try {
            frame = codec.decodeServer(text);
        } catch (RuntimeException e) {
            // A newer server may send frame types this client does not know: tell, don't die.
            ErrorCode code = e instanceof ImException im ? im.code() : ErrorCode.BAD_FRAME;
            callbacks.error(new ServerFrame.Error(code, "a server frame was not understood: " + e.getMessage(), null, null));
            return;
        }
        if (frame instanceof ServerFrame.Push push) {
            order.offerPush(push.message());
        } else if (frame instanceof ServerFrame.SendAck ack) {
            sendAck(ack);
        } else if (frame instanceof ServerFrame.PullResult result) {
            pullResult(result);
        } else if (frame instanceof ServerFrame.SyncResult result) {
            syncResult(result);
        } else if (frame instanceof ServerFrame.ReadReceipt receipt) {
            readReceipt(receipt);
        } else if (frame instanceof ServerFrame.Pong) {
            Requests.Pending<ClientFrame.Ping, Void> ping = requests.nextPing();
            if (ping != null) {
                ping.future().complete(null);
            }
        } else if (frame instanceof ServerFrame.Kicked k) {
            kicked.accept(k.reason());
        } else if (frame instanceof ServerFrame.Reconnect r) {
            reconnect.accept(r);
        } else if (frame instanceof ServerFrame.Error error) {
            refused(error);
        }
    }

    /** An error answers the pending send or recall its {@code ref} names, else the oldest request of that type, else nobody. */
    private void refused(ServerFrame.Error error) {
        if (!sends.refused(error) && !requests.refused(error)) {
            callbacks.error(error);
        }
    }

    /** The sending device gets no push of its own message; the ack stands in for it. */
    private void sendAck(ServerFrame.SendAck ack) {
        SendTracker.PendingSend sent = sends.acknowledged(ack);
        if (sent != null) {
            order.offer(ownMessage(sent.frame, ack));
        }
    }

    /** The message the server stored for an own {@code send} or {@code recall}, as a push would have shown it. */
    private Message ownMessage(ClientFrame frame, ServerFrame.SendAck ack) {
        if (frame instanceof ClientFrame.Recall recall) {
            ConversationId conversation = ConversationId.parse(ack.conversationId());
            return Message.recall(ack.conversationId(), ack.seq(), settings.userId(), ack.clientMsgId(), ack.serverTime(),
                    conversation.isGroup() ? conversation.groupId() : null, recall.seq());
        }
        ClientFrame.Send send = (ClientFrame.Send) frame;
        return new Message(ack.conversationId(), ack.seq(), settings.userId(), send.body(), ack.clientMsgId(),
                ack.serverTime(), send.groupId());
    }

    private void pullResult(ServerFrame.PullResult result) {
        book.expiredBelow(result.conversationId(), result.minSeq());
        Requests.Pending<ClientFrame.Pull, ServerFrame.PullResult> pull = requests.nextPull();
        if (pull == null || !pull.frame().conversationId().equals(result.conversationId())) {
            log.warn("a pull_result for {} answers no pull of this client; keeping its messages", result.conversationId());
            result.messages().forEach(order::offer);
            order.expiredBelow(result.conversationId(), result.minSeq());
            if (pull != null) {
                pull.future().completeExceptionally(ErrorCode.INTERNAL.exception("the answer to this pull was for "
                        + result.conversationId() + " instead of " + pull.frame().conversationId()));
            }
            return;
        }
        order.pulled(result.conversationId(), pull.frame().toSeq(), pull.frame().limit(), result.minSeq(), result.messages());
        pull.future().complete(result);
    }

    /** The book first, so that the app hears of expiry and unread before the messages the sync lets through. */
    private void syncResult(ServerFrame.SyncResult result) {
        result.conversations().forEach(book::synced);
        order.synced(result.conversations());
        result.conversations().forEach(c -> {
            acks.serverCursor(c.conversationId(), c.ackedSeq());
            reads.serverCursor(c.conversationId(), c.readSeq());
        });
        Requests.Pending<ClientFrame.Sync, List<ServerFrame.ConversationState>> sync = requests.nextSync();
        if (sync != null) {
            sync.future().complete(result.conversations());
        }
    }

    /** Best effort, so only ever raises what is known; the next {@code sync} is the truth. */
    private void readReceipt(ServerFrame.ReadReceipt receipt) {
        book.receipt(receipt);
        if (settings.userId().equals(receipt.userId())) {
            reads.serverMoved(receipt.conversationId(), receipt.seq()); // read on another device: nothing to send
        }
        callbacks.readReceipt(receipt);
    }

    /**
     * Tells the app when the server refused a request the client made on its own. Not for
     * {@code UNAVAILABLE}: that is a lost connection, and the catch-up after the reconnect asks again.
     */
    private void reportRefusal(String what, Throwable failure) {
        if (failure == null) {
            return;
        }
        RuntimeException cause = Failures.unwrap(failure);
        if (cause instanceof ImException e && e.code() != ErrorCode.UNAVAILABLE) {
            callbacks.error(new ServerFrame.Error(e.code(), what + " was refused: " + e.getMessage(), e.ref(), e.retryAfterMs()));
        } else {
            log.debug("{} did not finish: {}", what, cause.toString());
        }
    }

    /** What the ordering buffer decided, turned into callbacks, acks and pulls. */
    private final class Deliveries implements OrderingBuffer.Listener {
        @Override
        public void deliver(Message message) {
            // The book first: when onMessage runs, conversation(...) already counts the message,
            // so the app may read(...) it at once.
            book.delivered(message);
            if (settings.userId().equals(message.from())) {
                reads.serverMoved(message.conversationId(), message.seq()); // sending moved the read seq on the server
            }
            callbacks.message(message, () -> handled(message.conversationId(), message.seq()));
        }

        @Override
        public void skip(String conversationId, long seq) {
            callbacks.afterDelivered(() -> handled(conversationId, seq));
        }

        @Override
        public void duplicate(String conversationId) {
            if (settings.autoAck()) {
                acks.duplicate(conversationId);
            }
        }

        @Override
        public void pull(String conversationId, long fromSeq, long toSeq) {
            Session.this.pull(conversationId, fromSeq, toSeq, FrameCodec.DEFAULT_PULL_LIMIT).whenComplete((ignored, error) ->
                    reportRefusal("the pull for a gap in " + conversationId, error));
        }

        /** Runs on the delivery thread once the app returned from onMessage. */
        private void handled(String conversationId, long seq) {
            if (settings.autoAck()) {
                loop.execute(() -> acks.advance(conversationId, seq));
            }
        }
    }
}
