package dev.imlab.gateway.delivery;

import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.frame.ServerFrame;

/**
 * Writes one push to a device, or declines to because the device stopped reading. The gateway's
 * own ({@link #SLOW_READER_GRACE}) tracks the push without writing it while the channel is over
 * its high water mark and closes a channel that stays there; a lab's push writer plugs in here
 * (the server takes a {@code PushWriting} bean when there is one). Either way the push stays with
 * the {@link Retransmission}, and a device that was closed syncs when it reconnects.
 */
public interface PushWriting {
    /** How long a device may stay over the write-buffer high water mark before the gateway's own closes it. */
    long SLOW_READER_GRACE_NANOS = 10_000_000_000L;

    /** The gateway's own: writes while the channel is writable, closes it after {@value #SLOW_READER_GRACE_NANOS} ns over. */
    PushWriting SLOW_READER_GRACE = (session, push) -> {
        if (!session.writableOrGivenUp(SLOW_READER_GRACE_NANOS)) {
            return false;
        }
        session.queue(push);
        return true;
    };

    /**
     * Queues the push for the session's next flush, or does not. On the session's event loop,
     * possibly before its handshake finished (then {@link Session#queue} holds the frame until it has).
     *
     * @return whether the push was written
     */
    boolean write(Session session, ServerFrame.Push push);
}
