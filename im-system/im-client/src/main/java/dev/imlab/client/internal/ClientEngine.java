package dev.imlab.client.internal;

import dev.imlab.client.ConnectionState;
import dev.imlab.client.Conversation;
import dev.imlab.client.Token;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's machinery behind {@code ImClient}: a {@link ConnectionKeeper} for the line, a
 * {@link Session} for the protocol state, and the loop thread they share.
 *
 * @implNote Threading. Candidates: (1) locks around shared state, touched by app threads, the
 * JDK's WebSocket threads and timers; (2) one thread, the loop, that alone touches the state,
 * while everyone else posts tasks to it. Chosen: (2), as Netty's event loops do: no lock, no
 * lock order, and events are handled in the order they were posted. Futures handed to the app
 * complete on the common pool, never on the loop, so an app that blocks in a continuation
 * cannot stall the client; callbacks run on their own delivery thread (see {@link Callbacks}).
 */
public final class ClientEngine {
    private static final Logger log = LoggerFactory.getLogger(ClientEngine.class);

    private final ScheduledExecutorService loop;
    private final Callbacks callbacks;
    private final Session session;
    private final ConnectionKeeper keeper;
    private final long closeTimeoutMillis;
    private final Connector connector;

    public ClientEngine(ClientSettings settings, HttpClient http, TokenSource tokens, Token token,
                        ScheduledExecutorService loop, Callbacks callbacks, RandomGenerator random) {
        this.loop = loop;
        this.callbacks = callbacks;
        this.closeTimeoutMillis = settings.connectTimeout().toMillis();
        Backoff backoff = new Backoff(settings.reconnectMin().toMillis(), settings.reconnectMax().toMillis(), random);
        Executor toLoop = this::post;
        Scheduler scheduler = (task, delayMillis) -> {
            try {
                loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // The client is closed; the task has nothing left to do.
            }
        };
        this.session = new Session(settings, callbacks, toLoop, scheduler, backoff, this::write, this::kicked,
                this::reconnectAsked);
        this.connector = new Connector(http, settings.baseUri(), tokens, token, settings.clock(), settings.connectTimeout());
        this.keeper = new ConnectionKeeper(settings, loop, connector, backoff, session, callbacks);
    }

    /** The token this client connects with, or null when it has not fetched one yet. */
    public Token token() {
        return connector.token();
    }

    public ConnectionState state() {
        return keeper.state();
    }

    public CompletableFuture<Void> connect() {
        return onLoop(keeper::connect);
    }

    public CompletableFuture<ServerFrame.SendAck> send(ClientFrame.Send frame) {
        return track(frame);
    }

    public CompletableFuture<ServerFrame.SendAck> recall(ClientFrame.Recall frame) {
        return track(frame);
    }

    public void read(String conversationId, long seq) {
        post(() -> session.read(conversationId, seq));
    }

    public void readAll(String conversationId) {
        post(() -> session.readAll(conversationId));
    }

    /** Any thread: the book publishes immutable snapshots. */
    public Conversation conversation(String conversationId) {
        return session.book.snapshot(conversationId);
    }

    public List<Conversation> conversations() {
        return session.book.snapshots();
    }

    /** A send or a recall: kept until its {@code send_ack}, written again as needed. */
    private CompletableFuture<ServerFrame.SendAck> track(ClientFrame frame) {
        return onLoop(() -> {
            CompletableFuture<ServerFrame.SendAck> ack = new CompletableFuture<>();
            if (keeper.isEnded()) {
                ack.completeExceptionally(new IllegalStateException("the client is " + keeper.state()));
            } else {
                session.sends.submit(frame, ack);
            }
            return ack;
        });
    }

    public CompletableFuture<List<ConversationState>> sync() {
        return onLoop(session.requests::sync);
    }

    public CompletableFuture<List<Message>> pull(String conversationId, long fromSeq, long toSeq, int limit) {
        return onLoop(() -> session.pull(conversationId, fromSeq, toSeq, limit).thenApply(ServerFrame.PullResult::messages));
    }

    public CompletableFuture<Void> catchUp() {
        return onLoop(session.catchUp::run);
    }

    public CompletableFuture<Void> ping() {
        return onLoop(session.requests::ping);
    }

    public void ack(String conversationId, long seq) {
        post(() -> session.acks.advance(conversationId, seq));
    }

    public CompletableFuture<Void> sendRaw(String text) {
        return onLoop(() -> keeper.send(text));
    }

    public void disconnectAbruptly() {
        post(keeper::disconnectAbruptly);
    }

    /** Flushes acks and reads, closes the connection, fails what is pending, and stops the threads. */
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                session.flushCursors();
                keeper.close();
                done.complete(null);
            });
            done.get(closeTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("close did not finish cleanly", e);
        }
        loop.shutdown();
        callbacks.shutdown();
    }

    private CompletableFuture<Void> write(String text) {
        return keeper.send(text);
    }

    private void kicked(String reason) {
        keeper.kicked(reason);
    }

    /** A draining gateway's {@code reconnect} frame. */
    private void reconnectAsked(ServerFrame.Reconnect frame) {
        keeper.reconnectAfter(frame.afterMs(), frame.reason());
    }

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("the client is closed; a late task was dropped");
        }
    }

    /** Runs {@code action} on the loop and hands its outcome to the app on the common pool. */
    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                CompletableFuture<T> outcome;
                try {
                    outcome = action.get();
                } catch (RuntimeException e) {
                    outcome = CompletableFuture.failedFuture(e);
                }
                outcome.whenCompleteAsync((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            });
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(new IllegalStateException("the client is closed"));
        }
        return result;
    }
}
