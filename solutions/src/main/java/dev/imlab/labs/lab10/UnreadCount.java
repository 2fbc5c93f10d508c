package dev.imlab.labs.lab10;

/**
 * One user's unread count in one conversation, kept from what arrives, in any order and on any
 * thread: messages that exist, reads (this device's, or another's by {@code read_receipt}), and
 * expiry ({@code minSeq}). What a device shows on a conversation's badge.
 *
 * <p>Three numbers that only grow, and the count computed from them when asked, rather than a
 * counter moved by +1 per message and -n per read: a counter goes wrong for good the first time
 * a message is counted twice (a push and a sync both announce it) or a read comes late, and the
 * three numbers cannot. The real SDK's {@code ConversationBook} keeps the same three.
 */
public final class UnreadCount {
    private final ReadCursor maxSeq = new ReadCursor();
    private final ReadCursor readSeq = new ReadCursor();
    private final ReadCursor minSeq = new ReadCursor();

    public UnreadCount() {
        minSeq.advance(1);
    }

    /**
     * PROTOCOL.md v2: {@code maxSeq - max(readSeq, minSeq - 1)}, never below 0. Expired messages
     * (below {@code minSeq}) are not unread, and a read seq above {@code maxSeq} counts 0.
     */
    public static long of(long maxSeq, long readSeq, long minSeq) {
        return Math.max(0, maxSeq - Math.max(readSeq, minSeq - 1));
    }

    /** Message {@code seq} exists (a push, or a {@code sync} line's {@code maxSeq}). */
    public void stored(long seq) {
        maxSeq.advance(seq);
    }

    /** The user read up to {@code seq}, on this device or another. */
    public void read(long seq) {
        readSeq.advance(seq);
    }

    /** Seqs below {@code minSeq} have expired. */
    public void expiredBelow(long minSeq) {
        this.minSeq.advance(minSeq);
    }

    /**
     * The count now: never below 0, and never higher because of a read. Read while other threads
     * move the numbers, the three may be from slightly different moments; each only grows, and
     * the clamp keeps a read seen before its message from making the count negative.
     */
    public long unread() {
        // readSeq and minSeq first: a read or an expiry seen with an older maxSeq can only lower the count.
        long read = readSeq.seq();
        long min = minSeq.seq();
        return of(maxSeq.seq(), read, min);
    }
}
