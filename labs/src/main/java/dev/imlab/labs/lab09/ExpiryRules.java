package dev.imlab.labs.lab09;

import dev.imlab.labs.LabNotDone;

/** What a device does with {@code minSeq}: where to pull from, and how many messages are unread. */
public final class ExpiryRules {
    private ExpiryRules() {
    }

    /** The first seq a device that acked up to {@code ackedSeq} pulls: never an expired one. */
    public static long pullFrom(long ackedSeq, long minSeq) {
        throw new LabNotDone(ExpiryRules.class, "pullFrom");
    }

    /** Unread messages: those after {@code readSeq} that can still be read; never below 0. */
    public static long unread(long maxSeq, long readSeq, long minSeq) {
        throw new LabNotDone(ExpiryRules.class, "unread");
    }
}
