package dev.imlab.labs.lab10;

import dev.imlab.labs.LabNotDone;

/**
 * One user's unread count in one conversation, kept from what arrives, in any order and on any
 * thread: messages that exist, reads (this device's, or another's by {@code read_receipt}), and
 * expiry ({@code minSeq}). What a device shows on a conversation's badge.
 */
public final class UnreadCount {

    public UnreadCount() {
        // Keep what you need.
    }

    /**
     * PROTOCOL.md v2: {@code maxSeq - max(readSeq, minSeq - 1)}, never below 0. Expired messages
     * (below {@code minSeq}) are not unread, and a read seq above {@code maxSeq} counts 0.
     */
    public static long of(long maxSeq, long readSeq, long minSeq) {
        throw new LabNotDone(UnreadCount.class, "of");
    }

    /** Message {@code seq} exists (a push, or a {@code sync} line's {@code maxSeq}). */
    public void stored(long seq) {
        throw new LabNotDone(UnreadCount.class, "stored");
    }

    /** The user read up to {@code seq}, on this device or another. */
    public void read(long seq) {
        throw new LabNotDone(UnreadCount.class, "read");
    }

    /** Seqs below {@code minSeq} have expired. */
    public void expiredBelow(long minSeq) {
        throw new LabNotDone(UnreadCount.class, "expiredBelow");
    }

    /** The count now: never below 0, and never higher because of a read. */
    public long unread() {
        throw new LabNotDone(UnreadCount.class, "unread");
    }
}
