package dev.imlab.labs.lab02;

import dev.imlab.labs.LabNotDone;
import dev.imlab.transfer.seq.SeqAllocator;

/**
 * Hands out each conversation's seqs, 1, 2, 3, ..., with no gap and no duplicate, across crashes
 * and restarts. Called by one thread: the owner of the conversation's Kafka partition.
 */
public final class GapFreeSeqAllocator implements SeqAllocator {

    public GapFreeSeqAllocator(SeqStore store) {
        // Keep the store; you will need it.
    }

    /** One more than the last seq handed out, or, the first time after a start or a reset, than the last one stored. */
    @Override
    public long next(String conversationId) {
        throw new LabNotDone(GapFreeSeqAllocator.class, "next");
    }

    /**
     * Loads the conversation from the store now, if it is not loaded yet, and has the store repair
     * what a crash left half-written. The transfer calls it for each conversation of a batch before
     * it looks for repeats, so that a message stored just before a crash is found as one.
     */
    @Override
    public void recover(String conversationId) {
        throw new LabNotDone(GapFreeSeqAllocator.class, "recover");
    }

    /** Forgets everything counted in memory: the next {@link #next} of each conversation asks the store. */
    @Override
    public void reset() {
        throw new LabNotDone(GapFreeSeqAllocator.class, "reset");
    }
}
