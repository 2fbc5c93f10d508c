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
}
