package dev.imlab.bench.peers;

/** One authenticated connection of one user, in any of the measured protocols. */
public interface ChatConnection {
    /**
     * Sends {@code body} to {@code toUser}; the connection's listener hears {@code acked(counter)}
     * once the server acknowledged it the way the protocol does. On the connection's event loop
     * only (see {@link #execute}): messages leave in the order they are numbered.
     */
    void send(String toUser, long counter, String body);

    /** Runs {@code task} on the connection's event loop thread, now if already on it. */
    void execute(Runnable task);

    /** The most messages this connection may leave unacknowledged (the server's limit, if it sets one). */
    default int maxUnacked() {
        return Integer.MAX_VALUE;
    }

    void close();
}
