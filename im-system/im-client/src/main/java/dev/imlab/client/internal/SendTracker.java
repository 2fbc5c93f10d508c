package dev.imlab.client.internal;

import dev.imlab.protocol.ImException;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages that have no {@code send_ack} yet, keyed by {@code clientMsgId}: sends, and
 * recalls, which PROTOCOL.md v2 makes messages too (a seq of their own, a {@code send_ack},
 * the same dedupe). Confined to the client's loop thread.
 *
 * <p>A pending message is written again, always with the same {@code clientMsgId}, when no
 * {@code send_ack} came within the send timeout, when the server refused it with a retriable
 * code ({@code UNAVAILABLE}, {@code RATE_LIMITED}), and when a new connection opens. This is
 * safe because the server dedupes by sender and {@code clientMsgId}: a repeat gets the first
 * {@code send_ack} and stores nothing (for a recall, even once its window has passed). It ends
 * only with a {@code send_ack}, a non-retriable refusal, or {@link #failAll}.
 */
final class SendTracker {
    private static final Logger log = LoggerFactory.getLogger(SendTracker.class);

    /** One send or recall in flight. {@code epoch} grows whenever earlier timers must stop counting. */
    static final class PendingSend {
        /** A {@link ClientFrame.Send} or a {@link ClientFrame.Recall}. */
        final ClientFrame frame;
        final String clientMsgId;
        final CompletableFuture<ServerFrame.SendAck> future;
        int epoch;
        int refusals;

        PendingSend(ClientFrame frame, CompletableFuture<ServerFrame.SendAck> future) {
            this.frame = frame;
            this.clientMsgId = clientMsgIdOf(frame);
            this.future = future;
        }
    }

    private final Scheduler scheduler;
    private final Consumer<ClientFrame> writer;
    private final long timeoutMillis;
    private final Backoff backoff;
    /** Insertion order, so that a reconnect re-sends in the order the app sent. */
    private final Map<String, PendingSend> pending = new LinkedHashMap<>();
    private boolean connected;

    SendTracker(Scheduler scheduler, Consumer<ClientFrame> writer, long timeoutMillis, Backoff backoff) {
        this.scheduler = scheduler;
        this.writer = writer;
        this.timeoutMillis = timeoutMillis;
        this.backoff = backoff;
    }

    /** The {@code clientMsgId} of a {@code send} or {@code recall}, the frames that get a {@code send_ack}. */
    static String clientMsgIdOf(ClientFrame frame) {
        if (frame instanceof ClientFrame.Send send) {
            return send.clientMsgId();
        }
        if (frame instanceof ClientFrame.Recall recall) {
            return recall.clientMsgId();
        }
        throw new IllegalArgumentException("a " + frame.type() + " frame gets no send_ack");
    }

    /** Tracks and writes {@code frame}; a {@code clientMsgId} already pending shares the first future. */
    void submit(ClientFrame frame, CompletableFuture<ServerFrame.SendAck> future) {
        String clientMsgId = clientMsgIdOf(frame);
        PendingSend existing = pending.get(clientMsgId);
        if (existing != null) {
            existing.future.whenComplete((ack, error) -> relay(future, ack, error));
            return;
        }
        PendingSend p = new PendingSend(frame, future);
        pending.put(clientMsgId, p);
        if (connected) {
            write(p);
        }
    }

    /** Completes the send the ack answers and returns it; null for a repeat ack. */
    PendingSend acknowledged(ServerFrame.SendAck ack) {
        PendingSend p = pending.remove(ack.clientMsgId());
        if (p != null) {
            p.future.complete(ack);
        }
        return p;
    }

    /** Handles an {@code error} frame whose {@code ref} is a pending send or recall; false when it is not one. */
    boolean refused(ServerFrame.Error error) {
        PendingSend p = error.ref() == null ? null : pending.get(error.ref());
        if (p == null) {
            return false;
        }
        if (!error.code().retriable()) {
            pending.remove(error.ref());
            p.future.completeExceptionally(new ImException(error.code(), error.message(), error.ref(), error.retryAfterMs()));
            return true;
        }
        int epoch = ++p.epoch; // the send timeout of the refused write no longer counts
        long delay = error.retryAfterMs() != null ? error.retryAfterMs() : backoff.delayMillis(p.refusals);
        p.refusals++;
        log.debug("{} {} refused with {}; sending again in {} ms", p.frame.type(), error.ref(), error.code(), delay);
        scheduler.schedule(() -> writeIfCurrent(p, epoch), delay);
        return true;
    }

    void connectionOpened() {
        connected = true;
        new ArrayList<>(pending.values()).forEach(this::write);
    }

    void connectionLost() {
        connected = false;
        pending.values().forEach(p -> p.epoch++);
    }

    void failAll(RuntimeException cause) {
        connected = false;
        new ArrayList<>(pending.values()).forEach(p -> p.future.completeExceptionally(cause));
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    private void write(PendingSend p) {
        if (p.future.isDone()) {
            pending.remove(p.clientMsgId); // the app gave up on it (cancel, orTimeout)
            return;
        }
        int epoch = ++p.epoch;
        writer.accept(p.frame);
        scheduler.schedule(() -> writeIfCurrent(p, epoch), timeoutMillis);
    }

    private void writeIfCurrent(PendingSend p, int epoch) {
        if (connected && p.epoch == epoch && pending.get(p.clientMsgId) == p) {
            write(p);
        }
    }

    private static <T> void relay(CompletableFuture<T> target, T value, Throwable error) {
        if (error != null) {
            target.completeExceptionally(error);
        } else {
            target.complete(value);
        }
    }
}
