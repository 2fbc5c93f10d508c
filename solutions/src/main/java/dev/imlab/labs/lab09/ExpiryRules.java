package dev.imlab.labs.lab09;

/** What a device does with {@code minSeq}: where to pull from, and how many messages are unread. */
public final class ExpiryRules {
    private ExpiryRules() {
    }

    public static long pullFrom(long ackedSeq, long minSeq) {
        return Math.max(ackedSeq + 1, minSeq);
    }

    public static long unread(long maxSeq, long readSeq, long minSeq) {
        // Everything below minSeq counts as read: it can no longer be.
        return Math.max(0, maxSeq - Math.max(readSeq, minSeq - 1));
    }
}
