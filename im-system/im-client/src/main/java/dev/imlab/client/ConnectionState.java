package dev.imlab.client;

/** Where an {@link ImClient}'s connection stands. */
public enum ConnectionState {
    /** Built; {@code connect()} not called yet. Sends wait. */
    NEW,
    /** The first handshake is under way. */
    CONNECTING,
    OPEN,
    /** The connection was lost; the client is opening a new one after a back-off. Sends wait. */
    RECONNECTING,
    /** Lost, and the client will not reconnect by itself (reconnect is off, or the token was refused). Sends wait for {@code connect()}. */
    DISCONNECTED,
    /** Another connection of the same user and device took over. Terminal: no reconnect. */
    KICKED,
    /** {@code close()} was called. Terminal. */
    CLOSED
}
