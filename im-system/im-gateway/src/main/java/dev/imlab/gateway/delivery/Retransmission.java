package dev.imlab.gateway.delivery;

import dev.imlab.gateway.ws.RequestDispatcher;

/**
 * Re-sends pushes a device has not acked (PROTOCOL.md rule 4): told of every push written and of
 * every ack. {@link Retransmitter} is the gateway's own; a lab's ack tracker plugs in here (the
 * server takes a {@code Retransmission} bean when there is one). Both calls come on the session's
 * event loop.
 */
public interface Retransmission extends PushListener, RequestDispatcher.AckListener {

    /** Pushes written and not yet acked, for the dashboard's {@code imlab_gateway_unacked_pushes}. */
    long waiting();
}
