package dev.imlab.gateway;

import dev.imlab.gateway.delivery.PushWriting;
import dev.imlab.gateway.delivery.Retransmission;
import dev.imlab.gateway.delivery.Retransmitter;
import dev.imlab.gateway.limits.LimitParts;
import dev.imlab.gateway.limits.Limits;
import dev.imlab.gateway.session.HeartbeatWheel;
import dev.imlab.gateway.session.IdleWatch;

/**
 * The parts of a gateway that can be replaced, each null for the gateway's own: a lab's classes
 * (lab03's ack tracker, lab06's wheel and push writer, lab11's buckets and lockouts) or a test's.
 * The gateway closes an {@link IdleWatch} it was given, as it closes its own.
 *
 * @param retransmission re-sends unacked pushes; null: {@link Retransmitter} on the gateway's timer wheel
 * @param idleWatch closes silent connections; null: {@link HeartbeatWheel}
 * @param pushWriting writes pushes, or declines to for a slow reader; null: {@link PushWriting#SLOW_READER_GRACE}
 * @param limits the keyed buckets and login lockouts of {@link Limits}; null: {@link LimitParts#own()}
 */
public record GatewayParts(Retransmission retransmission, IdleWatch idleWatch, PushWriting pushWriting,
                           LimitParts limits) {
    public GatewayParts {
        limits = limits != null ? limits : LimitParts.own();
    }

    /** The gateway's own parts, all of them. */
    public static GatewayParts own() {
        return new GatewayParts(null, null, null, null);
    }
}
