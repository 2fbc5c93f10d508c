package dev.imlab.labs.lab09;

import dev.imlab.labs.LabNotDone;

/** The lowest seq of a conversation that can still be pulled (PROTOCOL.md v2: {@code minSeq}). */
public final class MinSeq {
    private MinSeq() {
    }

    /**
     * The first seq whose message has not expired at {@code now} (a message expires when
     * {@code expireAt <= now}; a deleted one counts as expired), or {@code maxSeq + 1} when every
     * message has expired (an empty conversation: 1). Starts from the log's stored lower bound and
     * reads {@code O(log n)} messages: expiry times never decrease with the seq.
     */
    public static long of(ExpiringLog log, long now) {
        throw new LabNotDone(MinSeq.class, "of");
    }
}
