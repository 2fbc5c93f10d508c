package dev.imlab.transfer.seq;

/**
 * Hands out the seqs of the conversations whose Kafka partitions this transfer owns.
 *
 * <p>Only the owner of a conversation's partition calls it, so there is one writer per
 * conversation and no lock or atomic counter is needed across processes. The allocator may
 * cache; {@link #reset()} drops the cache whenever what it knows may be wrong (a batch that
 * failed half-way, a rebalance), and the next {@link #next} re-derives from durable storage.
 */
public interface SeqAllocator {

    /** The next seq of the conversation: one more than the last one handed out or stored. */
    long next(String conversationId);

    /** Forgets everything cached: the next call for each conversation asks durable storage. */
    void reset();

    /**
     * Loads the conversation's state from durable storage now, if it is not loaded yet, and
     * repairs whatever a crash left half-written (dedupe entries of stored messages, the stored
     * {@code maxSeq}). The transfer calls it for every conversation of a batch <em>before</em> it
     * looks up dedupe entries, so that a message stored just before a crash is found as a repeat
     * instead of being stored again under a new seq. An allocator that keeps no durable state
     * has nothing to load.
     */
    default void recover(String conversationId) {
    }
}
