package dev.imlab.labs.lab02;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A durable store in memory: it outlives the allocators a test crashes, as MongoDB outlives a
 * transfer that dies. It keeps the rules of the real one: a seq stored twice is refused (the
 * message's unique id), the recorded max only grows ({@code $max}), and a range read spans at most
 * {@link SeqStore#MAX_RANGE} seqs.
 */
final class InMemorySeqStore implements SeqStore {
    private final Map<String, TreeSet<Long>> stored = new HashMap<>();
    private final Map<String, Long> recorded = new HashMap<>();
    private int reads;

    /** The transfer storing a message under {@code seq}. */
    void store(String conversationId, long seq) {
        if (!stored.computeIfAbsent(conversationId, c -> new TreeSet<>()).add(seq)) {
            throw new IllegalStateException("seq " + seq + " of " + conversationId
                    + " is already stored: two messages were given the same seq");
        }
    }

    void storeAll(String conversationId, long fromSeq, long toSeq) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            store(conversationId, seq);
        }
    }

    /** The transfer recording the max seq after storing the messages. */
    void record(String conversationId, long maxSeq) {
        recorded.merge(conversationId, maxSeq, Math::max);
    }

    NavigableSet<Long> stored(String conversationId) {
        return stored.getOrDefault(conversationId, new TreeSet<>());
    }

    /** Calls of {@link #recordedMaxSeq} and {@link #storedSeqs}: each is a round trip to a database. */
    int reads() {
        return reads;
    }

    @Override
    public long recordedMaxSeq(String conversationId) {
        reads++;
        return recorded.getOrDefault(conversationId, 0L);
    }

    @Override
    public List<Long> storedSeqs(String conversationId, long fromSeq, long toSeq) {
        reads++;
        if (fromSeq < 1 || toSeq < fromSeq || toSeq - fromSeq >= MAX_RANGE) {
            throw new IllegalArgumentException("seqs " + fromSeq + ".." + toSeq + ": want 1 <= fromSeq <= toSeq, at most "
                    + MAX_RANGE + " seqs per call");
        }
        return new ArrayList<>(stored(conversationId).subSet(fromSeq, true, toSeq, true));
    }

    @Override
    public void repair(String conversationId, long maxSeq) {
        NavigableSet<Long> seqs = stored(conversationId);
        if (maxSeq > 0 && (seqs.size() < maxSeq || seqs.headSet(maxSeq, true).size() != maxSeq)) {
            throw new IllegalStateException("repair(" + conversationId + ", " + maxSeq
                    + ") claims seqs are stored that are not: stored are " + abbreviate(seqs));
        }
        record(conversationId, maxSeq);
    }

    private static String abbreviate(NavigableSet<Long> seqs) {
        return seqs.isEmpty() ? "none" : seqs.size() + " seqs from " + seqs.first() + " to " + seqs.last();
    }
}
