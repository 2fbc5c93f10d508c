package dev.imlab.client.internal;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import dev.imlab.protocol.frame.ServerFrame.PullResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@code sync}, {@code pull} and {@code ping} requests written on the current connection and
 * not yet answered. Confined to the client's loop thread.
 *
 * <p>These frames carry no request id, so answers are matched by order: the server answers the
 * requests of one connection in the order they came, per type, and an {@code error} whose
 * {@code ref} is the type ({@code "pull"}) answers the oldest request of that type. A retriable
 * refusal writes the same request again after a back-off; it then waits behind the requests
 * written before it, as its answer will. A lost connection fails all of them with
 * {@code UNAVAILABLE}: their answers are gone with it.
 */
final class Requests {

    record Pending<F extends ClientFrame, T>(F frame, CompletableFuture<T> future, int refusals) {
    }

    private final Scheduler scheduler;
    private final Consumer<ClientFrame> writer;
    private final Backoff backoff;
    private final Deque<Pending<ClientFrame.Sync, List<ConversationState>>> syncs = new ArrayDeque<>();
    private final Deque<Pending<ClientFrame.Pull, PullResult>> pulls = new ArrayDeque<>();
    private final Deque<Pending<ClientFrame.Ping, Void>> pings = new ArrayDeque<>();
    private boolean connected;

    Requests(Scheduler scheduler, Consumer<ClientFrame> writer, Backoff backoff) {
        this.scheduler = scheduler;
        this.writer = writer;
        this.backoff = backoff;
    }

    CompletableFuture<List<ConversationState>> sync() {
        return submit(syncs, new Pending<>(new ClientFrame.Sync(), new CompletableFuture<>(), 0));
    }

    CompletableFuture<PullResult> pull(ClientFrame.Pull frame) {
        return submit(pulls, new Pending<>(frame, new CompletableFuture<>(), 0));
    }

    CompletableFuture<Void> ping() {
        return submit(pings, new Pending<>(new ClientFrame.Ping(), new CompletableFuture<>(), 0));
    }

    /** The oldest unanswered sync, which a {@code sync_result} answers; null when there is none. */
    Pending<ClientFrame.Sync, List<ConversationState>> nextSync() {
        return syncs.poll();
    }

    Pending<ClientFrame.Pull, PullResult> nextPull() {
        return pulls.poll();
    }

    Pending<ClientFrame.Ping, Void> nextPing() {
        return pings.poll();
    }

    /** Handles an {@code error} frame whose {@code ref} names a request type; false when none waits. */
    boolean refused(ServerFrame.Error error) {
        String ref = error.ref() == null ? "" : error.ref();
        switch (ref) {
            case "sync":
                return refused(syncs, error);
            case "pull":
                return refused(pulls, error);
            case "ping":
                return refused(pings, error);
            default:
                return false;
        }
    }

    void connectionOpened() {
        connected = true;
    }

    void connectionLost(RuntimeException cause) {
        connected = false;
        failAll(syncs, cause);
        failAll(pulls, cause);
        failAll(pings, cause);
    }

    private <F extends ClientFrame, T> CompletableFuture<T> submit(Deque<Pending<F, T>> queue, Pending<F, T> p) {
        if (!connected) {
            p.future().completeExceptionally(new ImException(ErrorCode.UNAVAILABLE,
                    "not connected; " + p.frame().type() + " needs an open connection"));
            return p.future();
        }
        queue.add(p);
        writer.accept(p.frame());
        return p.future();
    }

    private <F extends ClientFrame, T> boolean refused(Deque<Pending<F, T>> queue, ServerFrame.Error error) {
        Pending<F, T> p = queue.poll();
        if (p == null) {
            return false;
        }
        if (!error.code().retriable()) {
            p.future().completeExceptionally(new ImException(error.code(), error.message(), error.ref(), error.retryAfterMs()));
            return true;
        }
        long delay = error.retryAfterMs() != null ? error.retryAfterMs() : backoff.delayMillis(p.refusals());
        Pending<F, T> again = new Pending<>(p.frame(), p.future(), p.refusals() + 1);
        scheduler.schedule(() -> submit(queue, again), delay);
        return true;
    }

    private static <F extends ClientFrame, T> void failAll(Deque<Pending<F, T>> queue, RuntimeException cause) {
        Pending<F, T> p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(cause);
        }
    }
}
