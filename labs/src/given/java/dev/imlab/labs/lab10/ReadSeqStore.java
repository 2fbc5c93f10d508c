package dev.imlab.labs.lab10;

import java.util.Collection;
import java.util.Map;

/**
 * Where read seqs are stored, by {@link Read#key()}: the real one is im-storage's {@code ReadStore}
 * on MongoDB ({@link MongoReadSeqStore}), where each call is a round trip, which is why the
 * coalescer makes as few as it can.
 */
public interface ReadSeqStore {

    /** The stored read seqs of {@code keys}; keys never read are absent. One round trip, however many keys. */
    Map<String, Long> readSeqs(Collection<String> keys);

    /** Raises each key's read seq to the given seq, never lowers one ({@code $max}). One round trip. */
    void advance(Map<String, Long> seqs);
}
