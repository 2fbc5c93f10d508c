package dev.imlab.labs.lab02;

import java.util.List;

/**
 * What a seq allocator may read from durable storage, and the one repair it may ask for. The real
 * one is MongoDB ({@link MongoSeqStore}); the tests use one in memory that outlives the
 * allocators they crash.
 *
 * <p>The transfer writes a batch in this order: the messages (each under its seq; a seq stored
 * twice is refused), then the conversation's recorded max seq. A crash can fall in between, so
 * the recorded max may lag behind the stored messages; it never runs ahead of them.
 */
public interface SeqStore {

    /** The most seqs one {@link #storedSeqs} call may span: a range read is one point read per seq. */
    int MAX_RANGE = 512;

    /** The highest seq recorded for the conversation, 0 if none. May lag behind the stored messages. */
    long recordedMaxSeq(String conversationId);

    /**
     * The seqs among {@code fromSeq..toSeq} (inclusive) that have a stored message, ascending.
     *
     * @throws IllegalArgumentException if the range spans more than {@link #MAX_RANGE} seqs
     */
    List<Long> storedSeqs(String conversationId, long fromSeq, long toSeq);

    /**
     * Records that every seq up to {@code maxSeq} has a stored message. A recovery that found
     * messages beyond {@link #recordedMaxSeq} calls it, so that the next one need not look again.
     * The MongoDB store also rewrites what the same crash may have left unwritten for those
     * messages: their dedupe entries and the users' conversation lists.
     */
    void repair(String conversationId, long maxSeq);
}
