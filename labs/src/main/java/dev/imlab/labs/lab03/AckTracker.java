package dev.imlab.labs.lab03;

import dev.imlab.labs.LabNotDone;
import java.util.function.Consumer;

/**
 * The sending side of reliable delivery: watches each send until its ack comes, re-sends it with
 * growing back-off while none does, and gives up after a bounded number of re-sends. Runs on the
 * {@link TimerWheel}'s thread.
 */
public final class AckTracker {

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
        // Keep what you need.
    }

    /** {@code send} was just transmitted for the first time: watch it. A clientMsgId already watched is ignored. */
    public void sent(Send send) {
        throw new LabNotDone(AckTracker.class, "sent");
    }

    /** The ack for {@code clientMsgId} came: stop watching it. An ack of an unknown id is ignored. */
    public void acked(String clientMsgId) {
        throw new LabNotDone(AckTracker.class, "acked");
    }

    /** The sends being watched. */
    public int pending() {
        throw new LabNotDone(AckTracker.class, "pending");
    }
}
