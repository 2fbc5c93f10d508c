package dev.imlab.labs.lab03;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sending side of reliable delivery: watches each send until its ack comes, re-sends it with
 * growing back-off while none does, and gives up after a bounded number of re-sends. Runs on the
 * {@link TimerWheel}'s thread.
 *
 * <p>With a first delay {@code d}, a send transmitted at tick 0 is re-sent at {@code d},
 * {@code 3d}, {@code 7d}, ... and given up at {@code (2^(maxResends+1) - 1) d}. The delay doubles
 * because a missing ack most often means a congested or dead link, where sending faster makes
 * things worse; the bound ends the attempts so that the app can tell its user.
 *
 * <p>Re-sending is safe only because every copy carries the same clientMsgId and the receiver
 * dedupes by it ({@link IdempotentReceiver}): retransmission alone gives at-least-once, the two
 * together give "effectively once".
 *
 * @implNote An ack cancels the send's wheel entry. The alternative, leaving the entry in place and
 *     letting it find the send gone when it fires (the real gateway's {@code Retransmitter} does
 *     that with cumulative acks), saves the cancel but keeps every acked send on the wheel until
 *     its delay is over.
 */
public final class AckTracker {

    private static final class Pending {
        final Send send;
        int resends;
        TimerWheel.Timeout timeout;

        Pending(Send send) {
            this.send = send;
        }
    }

    private final TimerWheel wheel;
    private final long firstDelayTicks;
    private final int maxResends;
    private final Consumer<Send> resend;
    private final Consumer<Send> gaveUp;
    private final Map<String, Pending> pending = new HashMap<>();

    /**
     * @param wheel the clock and scheduler
     * @param firstDelayTicks how long after the first transmission the first re-send comes; each
     *     later one comes twice as long after the one before
     * @param maxResends how many times a send is re-sent at most; if no ack comes within the next
     *     (doubled) delay after the last re-send, the tracker gives up
     * @param resend transmits a send again, with the same clientMsgId
     * @param gaveUp told of a send the tracker gave up on
     */
    public AckTracker(TimerWheel wheel, long firstDelayTicks, int maxResends, Consumer<Send> resend,
                      Consumer<Send> gaveUp) {
        if (firstDelayTicks < 1 || maxResends < 0) {
            throw new IllegalArgumentException("firstDelayTicks must be >= 1 and maxResends >= 0, got "
                    + firstDelayTicks + " and " + maxResends);
        }
        this.wheel = wheel;
        this.firstDelayTicks = firstDelayTicks;
        this.maxResends = maxResends;
        this.resend = resend;
        this.gaveUp = gaveUp;
    }

    /** {@code send} was just transmitted for the first time: watch it. A clientMsgId already watched is ignored. */
    public void sent(Send send) {
        if (!pending.containsKey(send.clientMsgId())) {
            Pending p = new Pending(send);
            pending.put(send.clientMsgId(), p);
            arm(p, firstDelayTicks);
        }
    }

    /** The ack for {@code clientMsgId} came: stop watching it. An ack of an unknown id is ignored. */
    public void acked(String clientMsgId) {
        Pending p = pending.remove(clientMsgId);
        if (p != null) {
            p.timeout.cancel();
        }
    }

    /** The sends being watched. */
    public int pending() {
        return pending.size();
    }

    private void arm(Pending p, long delayTicks) {
        p.timeout = wheel.schedule(() -> fire(p, delayTicks), delayTicks);
    }

    private void fire(Pending p, long delayTicks) {
        if (p.resends == maxResends) {
            pending.remove(p.send.clientMsgId());
            gaveUp.accept(p.send);
            return;
        }
        p.resends++;
        resend.accept(p.send);
        arm(p, delayTicks * 2);
    }
}
