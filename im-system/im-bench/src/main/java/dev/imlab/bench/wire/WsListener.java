package dev.imlab.bench.wire;

/** What a connection hears. Called on the connection's event loop thread: do not block. */
public interface WsListener {
    void onText(WsConnection connection, String text);

    default void onClose(WsConnection connection) {
    }
}
