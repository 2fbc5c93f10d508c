package dev.imlab.client;

import dev.imlab.client.internal.Callbacks;
import dev.imlab.client.internal.ClientEngine;
import dev.imlab.client.internal.ClientMsgIds;
import dev.imlab.client.internal.ClientSettings;
import dev.imlab.client.internal.Failures;
import dev.imlab.client.internal.TokenSource;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * One device of one user, connected over the WebSocket of PROTOCOL.md. Thread-safe: every
 * method may be called from any thread. Built by {@link #builder()}.
 *
 * <p><b>Sending.</b> {@link #send(String, String)} gives the message a fresh {@code clientMsgId}
 * and completes with the {@code send_ack} once the server stored it. Until then the same frame,
 * with the same {@code clientMsgId}, is sent again: after a refusal with a retriable code
 * ({@code UNAVAILABLE}, {@code RATE_LIMITED}; after {@code retryAfterMs} or a back-off), after
 * the send timeout, and after a reconnect. The server's dedupe makes this safe. Any other
 * refusal fails the future with an {@link dev.imlab.protocol.ImException} of its code.
 *
 * <p><b>Receiving.</b> {@link #onMessage} gets every message of the user's conversations exactly
 * once per conversation, in seq order, on one delivery thread: pushes, pulled messages and this
 * device's own messages alike (the server sends the sending device a {@code send_ack} instead
 * of a push; the client turns it into a {@link Message} with {@code from} = this user, so a chat
 * screen can show it at its seq; compare {@code from} with {@link #userId()} to tell them
 * apart). Per conversation the client keeps {@code delivered}, the last seq handed on: the next
 * seq is delivered, a lower one is a duplicate and dropped, a higher one waits while the gap
 * below it is pulled. {@code delivered} starts at the {@code ackedSeq} of the first
 * {@code sync_result}; until then messages wait.
 *
 * <p>Every kind of message goes through {@code onMessage}: text (no {@code kind}), recalls
 * ({@link Message#isRecall()}), and kinds this client does not know, which an app may show as
 * "unsupported message" or ignore; none is dropped, as each holds a seq of the stream.
 *
 * <p><b>Acking.</b> With auto-ack (the default), the client acks, per conversation, the highest
 * seq such that it and every seq below it went through {@code onMessage}, gathered for the ack
 * delay. A duplicate push means the server missed an ack, so the current ack is sent again.
 *
 * <p><b>Expiry.</b> The server keeps messages for a time (PROTOCOL.md v2); seqs below a
 * conversation's {@code minSeq} expired. They are never waited for nor pulled: delivery skips
 * to {@code minSeq} (and auto-ack acks the skipped seqs), catch-up starts at
 * {@code max(ackedSeq + 1, minSeq)}, and a pull answered after more messages expired ends there.
 * {@link #onExpired} hears each rise of {@code minSeq}, and {@link #conversation(String)} tells
 * it, so that a UI can say "older messages expired" where its history ends.
 *
 * <p><b>Read state.</b> {@link #read(String, long)} marks a conversation read up to a seq, for
 * all the user's devices; the read seq never moves back, and sending a message moves it too.
 * Reads are gathered for the read delay into one {@code read} frame per conversation.
 * {@link #conversation(String)} holds the read seq and the unread count, which start from
 * {@code sync} and follow every message delivered (own messages never count), every read of this
 * or another device, and expiry; {@link #onUnread} hears each change. In a single chat the
 * peer's read seq (from {@code sync}, the peer's {@code read_receipt}s and the peer's own
 * messages) says which own messages were read ({@link Conversation#readByPeer}); {@link #onPeerRead}
 * hears it rise, {@link #onReadReceipt} hears every receipt.
 *
 * <p><b>Recalling.</b> {@link #recall(String, long)} asks the server to recall a message; it is
 * retried like a send, with the same {@code clientMsgId}, and completes with the recall's own
 * {@code send_ack} (a recall is a message with a seq of its own). A recall arrives like any
 * message, in seq order, through {@code onMessage} (the own one too, from its {@code send_ack}),
 * and then {@link #onRecalled} names the seq to blank. Messages pulled after their recall come
 * with {@link Message#recalled()} set and an empty body.
 *
 * <p><b>Reconnecting.</b> A lost connection is opened again after a back-off (never after
 * {@code kicked} or {@link #close()}); then pending sends and recalls go out again, gathered
 * acks and reads too, and {@link #catchUp()} runs, as it does after the first {@link #connect()}.
 */
public final class ImClient implements AutoCloseable {
    private final ClientSettings settings;
    private final Callbacks callbacks;
    private final ClientEngine engine;
    private final ClientMsgIds clientMsgIds;
    private final ImHttpApi api;

    ImClient(ClientSettings settings, String password, String token, HttpClient http) {
        this.settings = settings;
        String name = "im-client-" + settings.userId() + "-" + settings.deviceId();
        ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, daemon(name + "-loop"));
        loop.setRemoveOnCancelPolicy(true);
        this.callbacks = new Callbacks(Executors.newSingleThreadExecutor(daemon(name + "-delivery")));
        this.api = new ImHttpApi(settings.baseUri(), http);
        TokenSource tokens = password == null ? null
                : () -> api.tokenAsync(settings.userId(), password, settings.deviceId());
        Random random = new Random(); // not ThreadLocalRandom: the loop thread draws from it, not this one
        this.engine = new ClientEngine(settings, http, tokens, token == null ? null : new Token(token, 0), loop,
                callbacks, random);
        this.clientMsgIds = new ClientMsgIds(settings.deviceId(), random);
    }

    public static ImClientBuilder builder() {
        return new ImClientBuilder();
    }

    /**
     * Opens the connection and returns once it is open; catch-up then runs in the background.
     *
     * @throws dev.imlab.protocol.ImException {@code UNAUTHORIZED} when the server refuses the token
     * @throws java.io.UncheckedIOException when the server cannot be reached
     */
    public void connect() {
        Failures.await(engine.connect());
    }

    /** Sends {@code body} to user {@code to}. @throws dev.imlab.protocol.ImException for a frame the server would refuse */
    public CompletableFuture<ServerFrame.SendAck> send(String to, String body) {
        return send(new ClientFrame.Send(clientMsgIds.next(), to, null, body));
    }

    public CompletableFuture<ServerFrame.SendAck> sendToGroup(String groupId, String body) {
        return send(new ClientFrame.Send(clientMsgIds.next(), null, groupId, body));
    }

    /**
     * Sends a frame with the app's own {@code clientMsgId}; while one with that id is pending,
     * a repeat shares its future.
     *
     * @throws dev.imlab.protocol.ImException with the code the server would refuse the frame with
     */
    public CompletableFuture<ServerFrame.SendAck> send(ClientFrame.Send frame) {
        Ids.requireClientMsgId(frame.clientMsgId());
        if (frame.to() == null && frame.groupId() == null) {
            throw ErrorCode.MISSING_FIELD.exception("one of 'to' or 'groupId' is required");
        }
        if (frame.to() != null && frame.groupId() != null) {
            throw ErrorCode.INVALID_FIELD.exception("give exactly one of 'to' or 'groupId', not both");
        }
        if (frame.to() != null) {
            ConversationId.single(settings.userId(), Ids.requireId("to", frame.to())); // refuses a message to yourself
        } else {
            Ids.requireId("groupId", frame.groupId());
        }
        if (frame.body() == null) {
            throw ErrorCode.MISSING_FIELD.exception("body is required");
        }
        Ids.requireBody(frame.body());
        return engine.send(frame);
    }

    /**
     * Recalls message {@code seq} of a conversation: allowed to its sender within the server's
     * recall window, and to a group's owner at any time. Completes with the recall's own
     * {@code send_ack}; fails with an {@link dev.imlab.protocol.ImException} of the server's code:
     * {@code NOT_MEMBER}, {@code INVALID_FIELD} (no such message, expired, a recall itself, or
     * already recalled), {@code FORBIDDEN} (neither the sender nor the group's owner) or
     * {@code TOO_LATE} (the window has passed).
     *
     * @throws dev.imlab.protocol.ImException {@code INVALID_FIELD} for a malformed conversation id or a seq below 1
     */
    public CompletableFuture<ServerFrame.SendAck> recall(String conversationId, long seq) {
        return recall(new ClientFrame.Recall(clientMsgIds.next(), conversationId, seq));
    }

    /**
     * Recalls with the app's own {@code clientMsgId}; while one with that id is pending, a repeat
     * shares its future, and a repeat sent later gets the first {@code send_ack} from the server.
     *
     * @throws dev.imlab.protocol.ImException with the code the server would refuse the frame with
     */
    public CompletableFuture<ServerFrame.SendAck> recall(ClientFrame.Recall frame) {
        Ids.requireClientMsgId(frame.clientMsgId());
        ConversationId.parse(frame.conversationId());
        requireSeq(frame.seq());
        return engine.recall(frame);
    }

    /**
     * Marks the conversation read up to and including {@code seq}, for all the user's devices. A
     * seq at or below the read seq already known is ignored (a read never moves back); otherwise
     * the read seq and unread count move at once, and one {@code read} frame per conversation
     * goes out per read delay with the highest seq (or once connected). The server answers only
     * a refusal, which goes to {@link #onError}.
     *
     * <p>{@code seq} must be one the client knows to exist: a message {@link #onMessage} had, or
     * the {@code maxSeq} of a {@code sync}. The server refuses a read beyond the last seq, and a
     * read seq above it would keep the next messages out of the unread count.
     *
     * @throws dev.imlab.protocol.ImException {@code INVALID_FIELD} for a malformed conversation id,
     *     a seq below 1, or a seq beyond the conversation's {@code maxSeq} as this client knows it
     */
    public void read(String conversationId, long seq) {
        requireSeq(seq);
        String id = ConversationId.parse(conversationId).value();
        Conversation known = engine.conversation(id);
        long maxSeq = known == null ? 0 : known.maxSeq();
        if (seq > maxSeq) {
            throw ErrorCode.INVALID_FIELD.exception("seq " + seq + " is beyond the last seq this client knows in "
                    + id + " (" + maxSeq + ")");
        }
        engine.read(id, seq);
    }

    /** Marks everything the client knows of the conversation read, as opening a chat screen does; see {@link #read}. */
    public void readAll(String conversationId) {
        engine.readAll(ConversationId.parse(conversationId).value());
    }

    /** What the client knows of the conversation now (expiry, read seqs, unread); empty until a sync or message told it. */
    public Optional<Conversation> conversation(String conversationId) {
        return Optional.ofNullable(engine.conversation(conversationId));
    }

    /** Every conversation the client knows, by id. */
    public List<Conversation> conversations() {
        return engine.conversations();
    }

    /**
     * Asks for the user's conversations: this device's cursors come as {@code ackedSeq}, and
     * (v2) {@code minSeq}, {@code readSeq}, {@code unread} and, in single chats, {@code peerReadSeq}.
     * The answer also updates {@link #conversation(String)}.
     */
    public CompletableFuture<List<ServerFrame.ConversationState>> sync() {
        return engine.sync();
    }

    /**
     * Fetches stored messages {@code fromSeq..toSeq}, at most {@code limit} (capped at 200).
     * They also go through the ordering buffer: any not yet delivered reach {@link #onMessage}.
     * Expired seqs are not in the answer; {@link #conversation(String)}'s {@code minSeq} then
     * tells where the stored history begins.
     */
    public CompletableFuture<List<Message>> pull(String conversationId, long fromSeq, long toSeq, int limit) {
        ConversationId.parse(conversationId);
        if (fromSeq < 1 || fromSeq > toSeq || limit < 1) {
            throw ErrorCode.INVALID_FIELD.exception("need 1 <= fromSeq <= toSeq and limit >= 1, got fromSeq "
                    + fromSeq + ", toSeq " + toSeq + ", limit " + limit);
        }
        return engine.pull(conversationId, fromSeq, toSeq, Math.min(limit, FrameCodec.MAX_PULL_LIMIT));
    }

    /**
     * Syncs, then pulls each conversation from {@code max(ackedSeq + 1, delivered + 1, minSeq)}
     * to its {@code maxSeq} in pages of 200; completes once all of it went through {@link #onMessage}.
     */
    public CompletableFuture<Void> catchUp() {
        return engine.catchUp();
    }

    /** Completes on the {@code pong}. */
    public CompletableFuture<Void> ping() {
        return engine.ping();
    }

    /** Acks everything up to {@code seq}, for an app that turned auto-ack off. */
    public void ack(String conversationId, long seq) {
        requireSeq(seq);
        engine.ack(ConversationId.parse(conversationId).value(), seq);
    }

    /** Messages arrive on the delivery thread; any that came before a consumer was set are held for it. */
    public ImClient onMessage(Consumer<Message> consumer) {
        callbacks.onMessage(consumer);
        return this;
    }

    /**
     * {@code (conversationId, recalledSeq)}: a recall was delivered, right after {@link #onMessage}
     * had it; blank message {@code recalledSeq} (its seq, sender and time stay).
     */
    public ImClient onRecalled(ObjLongConsumer<String> listener) {
        callbacks.onRecalled(listener);
        return this;
    }

    /** {@code (conversationId, unread)}: the unread count of a conversation changed. */
    public ImClient onUnread(ObjLongConsumer<String> listener) {
        callbacks.onUnread(listener);
        return this;
    }

    /**
     * {@code (conversationId, peerReadSeq)}: in a single chat, the other user has read up to
     * {@code peerReadSeq}, so own messages up to it can show "read". Told when it rises: from
     * {@code sync} (so after a reconnect too), from the peer's {@code read_receipt}, and from a
     * message of the peer (sending moves the sender's read seq).
     */
    public ImClient onPeerRead(ObjLongConsumer<String> listener) {
        callbacks.onPeerRead(listener);
        return this;
    }

    /**
     * {@code (conversationId, minSeq)}: the server no longer holds the conversation's messages
     * below {@code minSeq} (they expired), and the ones this device had not received are skipped.
     * Told when the client first learns of expiry in a conversation and whenever it rises.
     */
    public ImClient onExpired(ObjLongConsumer<String> listener) {
        callbacks.onExpired(listener);
        return this;
    }

    /**
     * Every {@code read_receipt}: another device of this user read (which also lowers unread), or
     * in a single chat the peer did (which also raises the peer's read seq). Best effort: a
     * receipt can be lost, and the next {@code sync} brings the read seqs anyway.
     */
    public ImClient onReadReceipt(Consumer<ServerFrame.ReadReceipt> listener) {
        callbacks.onReadReceipt(listener);
        return this;
    }

    /** The reason from {@code kicked}; the client then stays {@link ConnectionState#KICKED}. */
    public ImClient onKicked(Consumer<String> consumer) {
        callbacks.onKicked(consumer);
        return this;
    }

    /** Errors no pending request answers to: a refused {@code ack} or {@code read}, a raw frame, a failed reconnect. */
    public ImClient onError(Consumer<ServerFrame.Error> consumer) {
        callbacks.onError(consumer);
        return this;
    }

    /** Every text frame the server sends, as it came, before the client reads it. */
    public ImClient onRawFrame(Consumer<String> consumer) {
        callbacks.onRawFrame(consumer);
        return this;
    }

    /** Writes {@code text} as it is, for tests of the server's refusals; no bookkeeping. */
    public CompletableFuture<Void> sendRaw(String text) {
        return engine.sendRaw(text);
    }

    /** Drops the TCP connection without a close frame, as a network failure would; reconnect applies. */
    public void disconnectAbruptly() {
        engine.disconnectAbruptly();
    }

    public ConnectionState state() {
        return engine.state();
    }

    public String userId() {
        return settings.userId();
    }

    public String deviceId() {
        return settings.deviceId();
    }

    /**
     * Closes like {@link #close()}, then revokes this client's token on every gateway ({@code DELETE
     * /api/v1/auth/token}, an imlab extension), so that it can open no connection and make no call
     * again. A token the server already refuses (expired, revoked) counts as logged out.
     *
     * @throws java.io.UncheckedIOException when the server cannot be reached: the token may still be valid
     */
    public void logout() {
        Token token = engine.token();
        close();
        if (token == null) {
            return; // never connected: no token was fetched, none can be in use
        }
        try {
            api.logout(token.token());
        } catch (ImException refused) {
            if (refused.code() != ErrorCode.UNAUTHORIZED) {
                throw refused;
            }
        }
    }

    /** Sends the gathered acks and reads, closes the connection and fails what still waits for an answer. */
    @Override
    public void close() {
        engine.close();
    }

    private static void requireSeq(long seq) {
        if (seq < 1) {
            throw ErrorCode.INVALID_FIELD.exception("seq is " + seq + ", it must be at least 1");
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true); // a client the app forgot to close must not keep the JVM alive
            return thread;
        };
    }
}
