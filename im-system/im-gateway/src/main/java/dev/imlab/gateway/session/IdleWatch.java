package dev.imlab.gateway.session;

/**
 * Closes connections that send nothing for the idle timeout. {@link HeartbeatWheel} is the
 * gateway's own; a lab's wheel plugs in here (the server takes an {@code IdleWatch} bean when
 * there is one). Every frame a device sends stamps its session ({@link Session#touch()}) before
 * anything else reads it.
 */
public interface IdleWatch extends AutoCloseable {

    /** Starts watching a session whose WebSocket handshake just finished; on its event loop. */
    void watch(Session session);

    /** Stops watching everything: the gateway is closing. */
    @Override
    void close();
}
