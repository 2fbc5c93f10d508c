package dev.imlab.client.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Receives one WebSocket connection's events on the JDK's threads and hands each, whole, to the
 * client's loop thread.
 *
 * <p>The JDK may split one text frame into several {@code onText} calls (a large frame, or a
 * frame the server sent as continuation frames); they are joined until {@code last}. Every event
 * carries the connection's {@code generation}, so the loop can ignore a connection it has already
 * given up on.
 */
final class SocketListener implements WebSocket.Listener {

    /** What the loop learns about a connection; called on the loop thread. */
    interface Events {
        void opened(int generation, WebSocket socket);

        void text(int generation, String text);

        void closed(int generation, int status, String reason);

        void failed(int generation, Throwable error);
    }

    private final int generation;
    private final Executor loop;
    private final Events events;
    /** Touched only by the JDK's listener calls, which never overlap. */
    private final StringBuilder partial = new StringBuilder();

    SocketListener(int generation, Executor loop, Events events) {
        this.generation = generation;
        this.loop = loop;
        this.events = events;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        post(() -> events.opened(generation, webSocket));
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data); // copied now: the JDK may reuse data once this call returns
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            post(() -> events.text(generation, text));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1); // PROTOCOL.md has only text frames; a server never sends binary
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        post(() -> events.closed(generation, statusCode, reason));
        return null; // the JDK then answers the close
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        post(() -> events.failed(generation, error));
    }

    private void post(Runnable event) {
        try {
            loop.execute(event);
        } catch (RejectedExecutionException closed) {
            // The client was closed; nobody is left to tell.
        }
    }
}
