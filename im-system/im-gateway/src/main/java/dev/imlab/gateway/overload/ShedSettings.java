package dev.imlab.gateway.overload;

import java.time.Duration;

/**
 * When a gateway refuses new sends because the pipeline behind it is behind. Each signal has a
 * high and a low mark: shedding starts when any signal reaches its high mark and stops only when
 * every signal is down to its low mark, so a backlog that hovers around one mark does not make it
 * flap on and off.
 *
 * @param enabled     off: sends are never shed (the max-in-flight bound toward Kafka still holds)
 * @param pendingHigh sends (and recalls) this gateway handed to Kafka whose {@code send_ack} or error has
 *                    not come back from the transfer: at this many, shedding starts
 * @param pendingLow  shedding stops once the pending sends are down to this many (and the lag to {@code lagLow})
 * @param lagHigh     records of {@code im.upstream} the transfer's consumer group has not committed, the
 *                    sends of all gateways together: at this many, shedding starts; 0: the lag is not watched
 * @param lagLow      shedding stops once the lag is down to this (and the pending sends to {@code pendingLow})
 * @param forgetAfter a pending send whose answer has not come in this long no longer counts: its answer was
 *                    lost (the device re-sends it after its own timeout), and it must not hold shedding on
 */
public record ShedSettings(boolean enabled, int pendingHigh, int pendingLow, long lagHigh, long lagLow,
                           Duration forgetAfter) {

    public ShedSettings {
        if (pendingHigh < 1 || pendingLow < 0 || pendingLow >= pendingHigh) {
            throw new IllegalArgumentException("shed pending marks need 0 <= low < high, got low " + pendingLow
                    + ", high " + pendingHigh);
        }
        if (lagHigh < 0 || lagLow < 0 || (lagHigh > 0 && lagLow >= lagHigh)) {
            throw new IllegalArgumentException("shed lag marks need 0 <= low < high (high 0: not watched), got low "
                    + lagLow + ", high " + lagHigh);
        }
        if (forgetAfter == null || forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("shed forget-after must be positive, got " + forgetAfter);
        }
    }

    /** Never sheds: for code that builds a gateway without settings of its own. */
    public static ShedSettings off() {
        return new ShedSettings(false, 10_000, 5_000, 0, 0, Duration.ofSeconds(30));
    }

    boolean watchesLag() {
        return lagHigh > 0;
    }
}
