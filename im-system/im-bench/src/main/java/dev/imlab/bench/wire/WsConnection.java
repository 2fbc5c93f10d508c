package dev.imlab.bench.wire;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;

/** One open WebSocket; {@link #send} may be called from any thread. */
public final class WsConnection {
    private static final String PING = "{\"type\":\"ping\"}";

    private final WsListener listener;
    private volatile Channel channel;
    private volatile boolean closed;
    /** Free for the scenario's own per-connection state. */
    public volatile Object attachment;

    WsConnection(WsListener listener) {
        this.listener = listener;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    void closed() {
        if (!closed) {
            closed = true;
            listener.onClose(this);
        }
    }

    WsListener listener() {
        return listener;
    }

    public void send(String text) {
        Channel c = channel;
        if (c != null) {
            c.writeAndFlush(new TextWebSocketFrame(text), c.voidPromise());
        }
    }

    /** Sends {@code ping} every {@code periodMs}, first after {@code firstMs} (spread them out). */
    public void keepAlive(long firstMs, long periodMs) {
        Channel c = channel;
        if (c != null) {
            var f = c.eventLoop().scheduleAtFixedRate(() -> send(PING), firstMs, periodMs, TimeUnit.MILLISECONDS);
            c.closeFuture().addListener(x -> f.cancel(false));
        }
    }

    /** Runs {@code task} once after {@code delayMs}, on this connection's event loop thread. */
    public void schedule(Runnable task, long delayMs) {
        Channel c = channel;
        if (c != null) {
            c.eventLoop().schedule(task, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task} every {@code periodMs} on this connection's event loop thread while it is open. */
    public void every(long periodMs, Runnable task) {
        Channel c = channel;
        if (c != null) {
            var f = c.eventLoop().scheduleAtFixedRate(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
            c.closeFuture().addListener(x -> f.cancel(false));
        }
    }

    /** Runs {@code task} on this connection's event loop thread. */
    public void execute(Runnable task) {
        Channel c = channel;
        if (c != null) {
            c.eventLoop().execute(task);
        }
    }

    public boolean isOpen() {
        Channel c = channel;
        return c != null && c.isActive() && !closed;
    }

    public boolean isWritable() {
        Channel c = channel;
        return c != null && c.isWritable();
    }

    public void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }
}
