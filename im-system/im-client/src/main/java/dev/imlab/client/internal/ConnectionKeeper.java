package dev.imlab.client.internal;

import dev.imlab.client.ConnectionState;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.frame.ServerFrame;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection open: the first handshake, reconnects with back-off, a new token when
 * the server refuses the old one, pings, a move to another gateway when this one drains
 * ({@link #reconnectAfter}), and the two ends after which it stops for good ({@code kicked} and
 * {@code close()}). It knows nothing of frames; it hands text to a {@link Listener}. Confined to
 * the client's loop thread.
 */
final class ConnectionKeeper implements SocketListener.Events {
    private static final Logger log = LoggerFactory.getLogger(ConnectionKeeper.class);
    /** PROTOCOL.md: the close status after {@code kicked}. */
    static final int KICKED_STATUS = 4001;

    /** What happens to the connection; called on the loop thread. */
    interface Listener {
        void opened();

        /** The client is about to close a working connection on purpose (to reconnect elsewhere): send what waits. */
        void leaving();

        void text(String text);

        /** The connection is gone; a reconnect may follow. */
        void lost(String why);

        /** Nothing more will be sent: fail whatever waits. */
        void ended(RuntimeException cause);

        /** Time for a keep-alive ping. */
        void ping();
    }

    private final ClientSettings settings;
    private final ScheduledExecutorService loop;
    private final Connector connector;
    private final Backoff backoff;
    private final Listener listener;
    private final Callbacks callbacks;
    private final KeepAlive keepAlive;

    private volatile ConnectionState state = ConnectionState.NEW;
    private Socket socket;
    /** Grows with every attempt and loss, so that a stale connection's late events are ignored. */
    private int generation;
    private int reconnectAttempts;
    private boolean tokenRefetched;
    private CompletableFuture<Void> connecting;
    /**
     * When the draining gateway asked us to reconnect (epoch millis of {@code settings.clock()}); 0: it did not.
     * Should the connection drop before then, the reconnect still waits for this moment: the spread is
     * what keeps a drained gateway's devices from all arriving at the next one in the same second.
     */
    private long reconnectAt;

    ConnectionKeeper(ClientSettings settings, ScheduledExecutorService loop, Connector connector, Backoff backoff,
                     Listener listener, Callbacks callbacks) {
        this.settings = settings;
        this.loop = loop;
        this.connector = connector;
        this.backoff = backoff;
        this.listener = listener;
        this.callbacks = callbacks;
        this.keepAlive = new KeepAlive(settings.clock(), settings.pingInterval().toMillis());
    }

    ConnectionState state() {
        return state;
    }

    boolean isEnded() {
        return state == ConnectionState.KICKED || state == ConnectionState.CLOSED;
    }

    CompletableFuture<Void> connect() {
        if (state == ConnectionState.OPEN) {
            return CompletableFuture.completedFuture(null);
        }
        if (isEnded()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the client is " + state));
        }
        if (connecting == null) {
            connecting = new CompletableFuture<>();
            if (state != ConnectionState.RECONNECTING) {
                open(ConnectionState.CONNECTING); // while reconnecting, the next attempt answers
            }
        }
        return connecting;
    }

    CompletableFuture<Void> send(String text) {
        return socket == null
                ? CompletableFuture.failedFuture(ErrorCode.UNAVAILABLE.exception("not connected"))
                : socket.send(text);
    }

    void disconnectAbruptly() {
        if (socket != null) {
            lost("disconnectAbruptly()");
        }
    }

    void kicked(String reason) {
        if (isEnded()) {
            return;
        }
        log.warn("{}/{} was kicked: {}", settings.userId(), settings.deviceId(), reason);
        state = ConnectionState.KICKED;
        callbacks.kicked(reason);
        lost("kicked");
        listener.ended(new IllegalStateException("kicked (" + reason + ") before an answer came; a send may or may not be stored"));
    }

    /** Sends a close frame after what is queued; the listener fails what still waits. */
    void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        state = ConnectionState.CLOSED;
        generation++;
        keepAlive.stop();
        if (socket != null) {
            socket.close();
            socket = null;
        }
        IllegalStateException closed = new IllegalStateException("the client was closed before an answer came; a send may or may not be stored");
        listener.ended(closed);
        if (connecting != null) {
            connecting.completeExceptionally(closed);
        }
    }

    private void open(ConnectionState how) {
        state = how;
        int attempt = ++generation;
        connector.open(new SocketListener(attempt, loop, this))
                .whenCompleteAsync((ws, error) -> {
                    if (error != null) {
                        openFailed(attempt, Connector.describe(error));
                    }
                }, loop);
    }

    @Override
    public void opened(int attempt, WebSocket webSocket) {
        if (attempt != generation || isEnded()) {
            webSocket.abort();
            return;
        }
        socket = new Socket(webSocket, error -> post(() -> failed(attempt, error)));
        state = ConnectionState.OPEN;
        reconnectAttempts = 0;
        reconnectAt = 0;
        tokenRefetched = false;
        keepAlive.start(loop, listener::ping, this::lost);
        log.info("{}/{} connected", settings.userId(), settings.deviceId());
        if (connecting != null) {
            connecting.complete(null);
            connecting = null;
        }
        listener.opened();
    }

    private void openFailed(int attempt, RuntimeException error) {
        if (attempt != generation || isEnded()) {
            return;
        }
        boolean refused = error instanceof ImException im && im.code() == ErrorCode.UNAUTHORIZED;
        if (refused && connector.canFetchTokens() && !tokenRefetched) {
            tokenRefetched = true; // the token expired or was revoked: fetch another, and try once more
            connector.tokenRefused();
            open(state);
        } else if (state == ConnectionState.CONNECTING || refused) {
            giveUp(error);
        } else {
            log.info("reconnect failed: {}", error.toString());
            scheduleReconnect();
        }
    }

    @Override
    public void text(int attempt, String text) {
        if (attempt == generation) {
            keepAlive.heard();
            listener.text(text);
        }
    }

    @Override
    public void closed(int attempt, int status, String reason) {
        if (attempt != generation) {
            return;
        }
        if (status == KICKED_STATUS) {
            kicked(reason);
        } else {
            lost("closed by the server with status " + status + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
    }

    @Override
    public void failed(int attempt, Throwable error) {
        if (attempt == generation) {
            lost(error.toString());
        }
    }

    private void lost(String why) {
        generation++;
        keepAlive.stop();
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        listener.lost(why);
        if (isEnded()) {
            return;
        }
        if (settings.reconnect()) {
            log.info("{}/{} lost the connection ({}); reconnecting", settings.userId(), settings.deviceId(), why);
            scheduleReconnect();
        } else {
            log.warn("{}/{} lost the connection ({}); reconnect is off", settings.userId(), settings.deviceId(), why);
            state = ConnectionState.DISCONNECTED;
        }
    }

    private void scheduleReconnect() {
        state = ConnectionState.RECONNECTING;
        long delay = Math.max(backoff.delayMillis(reconnectAttempts++), reconnectAt - settings.clock().millis());
        loop.schedule(() -> {
            if (state == ConnectionState.RECONNECTING) {
                open(ConnectionState.RECONNECTING);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * The gateway is draining (imlab's {@code reconnect} frame): keep using this connection for
     * {@code afterMs}, then close it and open a new one at the same address, which the load balancer
     * sends to another gateway. The delay is the server's, drawn per device, so it replaces the
     * back-off rather than adding to it; should the new handshake be refused (the balancer has not
     * noticed the drain yet), the usual back-off takes over from there.
     */
    void reconnectAfter(long afterMs, String reason) {
        if (state != ConnectionState.OPEN || !settings.reconnect()) {
            return; // not connected (the next connect goes elsewhere anyway), or the app reconnects by itself
        }
        long delay = Math.max(0, afterMs);
        reconnectAt = settings.clock().millis() + delay;
        int current = generation;
        log.info("{}/{}: the server asked to reconnect in {} ms ({})", settings.userId(), settings.deviceId(), delay,
                reason);
        loop.schedule(() -> {
            if (current != generation || state != ConnectionState.OPEN) {
                return; // lost meanwhile: the reconnect it scheduled waits for reconnectAt too
            }
            listener.leaving();
            generation++; // from here on, the old connection's events are ignored
            keepAlive.stop();
            socket.close(); // a close frame after what is queued: the acks just flushed still go out
            socket = null;
            listener.lost("the server asked to reconnect (" + reason + ")");
            reconnectAttempts = 0;
            reconnectAt = 0;
            open(ConnectionState.RECONNECTING);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Waiting would not help (the server refuses the token, or the first connect failed), so
     * whoever waits hears why. After a failed first connect, sends stay queued for the next
     * {@code connect()}; after a refused reconnect, nothing will come of them.
     */
    private void giveUp(RuntimeException error) {
        boolean wasReconnecting = state == ConnectionState.RECONNECTING;
        state = ConnectionState.DISCONNECTED;
        if (connecting != null) {
            connecting.completeExceptionally(error);
            connecting = null;
        }
        if (wasReconnecting) {
            ErrorCode code = error instanceof ImException im ? im.code() : ErrorCode.UNAVAILABLE;
            callbacks.error(new ServerFrame.Error(code, "cannot reconnect: " + error.getMessage(), null, null));
            listener.ended(error);
        }
    }

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closed) {
            // The client was closed; the connection is gone with it.
        }
    }
}
