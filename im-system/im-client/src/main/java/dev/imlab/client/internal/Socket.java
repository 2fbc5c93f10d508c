package dev.imlab.client.internal;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The writing side of one open connection. Used from the loop thread only.
 *
 * <p>The JDK's WebSocket refuses a {@code sendText} while the previous one is still being
 * written, so writes are chained: each starts when the one before it is done. A failed write
 * breaks the chain for good, which is fine: that connection is dead, and {@code onFailure}
 * tells the loop so.
 */
final class Socket {
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final WebSocket webSocket;
    private final Consumer<Throwable> onFailure;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    Socket(WebSocket webSocket, Consumer<Throwable> onFailure) {
        this.webSocket = webSocket;
        this.onFailure = onFailure;
    }

    CompletableFuture<Void> send(String text) {
        CompletableFuture<Void> written = tail.thenCompose(ignored -> webSocket.sendText(text, true)).thenApply(ws -> null);
        written.whenComplete((ignored, error) -> {
            if (error != null) {
                onFailure.accept(error);
            }
        });
        tail = written;
        return written;
    }

    /** Sends a close frame after what is queued, then drops the TCP connection after a grace period. */
    void close() {
        tail.handle((ignored, error) -> null)
                .thenCompose(ignored -> webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                .whenComplete((ignored, error) -> CompletableFuture.delayedExecutor(CLOSE_GRACE.toMillis(),
                        TimeUnit.MILLISECONDS).execute(webSocket::abort));
    }

    /** Drops the TCP connection at once, like a network failure would. */
    void abort() {
        webSocket.abort();
    }
}
