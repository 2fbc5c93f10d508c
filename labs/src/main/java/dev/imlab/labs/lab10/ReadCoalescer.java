package dev.imlab.labs.lab10;

import dev.imlab.labs.LabNotDone;
import java.util.function.Consumer;

/**
 * Turns a burst of {@code read} frames into few store writes: a user scrolling through a chat
 * sends a read per screen, and only the last one matters. Reads are cumulative, so per user and
 * conversation the highest read since the last flush wins; a flush reads the stored seqs once,
 * writes those that move once, and announces each that moved with one receipt.
 */
public final class ReadCoalescer {

    /**
     * @param store    where read seqs are; every call is a round trip
     * @param receipts takes one receipt per read seq a flush moved (the server sends it as
     *                 {@code read_receipt} to the reader's other devices and a single chat's peer)
     */
    public ReadCoalescer(ReadSeqStore store, Consumer<Read> receipts) {
        // Keep what you need.
    }

    /**
     * A read frame arrived. Any thread, at any moment, also while a flush runs; no store call
     * here. A read that arrives during a flush is written by this flush or the next, never lost.
     */
    public void read(Read read) {
        throw new LabNotDone(ReadCoalescer.class, "read");
    }

    /**
     * Writes what arrived since the last flush: for each user and conversation its highest read,
     * if that is above the stored read seq. At most one {@link ReadSeqStore#readSeqs} and one
     * {@link ReadSeqStore#advance} call for all of it, none when nothing arrived; then one receipt
     * per read seq moved, carrying the read that moved it. One thread at a time calls this.
     */
    public void flush() {
        throw new LabNotDone(ReadCoalescer.class, "flush");
    }
}
