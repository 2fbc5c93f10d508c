package dev.imlab.labs.lab10;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Read seqs in memory, with the real store's rules ({@code $max}: a write never lowers a seq) and
 * a count of its round trips, which is what the coalescer is for.
 */
final class CountingReadSeqStore implements ReadSeqStore {
    private final Map<String, Long> seqs = new HashMap<>();
    private int readCalls;
    private int advanceCalls;
    private int seqsWritten;

    @Override
    public synchronized Map<String, Long> readSeqs(Collection<String> keys) {
        readCalls++;
        Map<String, Long> found = new HashMap<>();
        for (String key : keys) {
            Long seq = seqs.get(key);
            if (seq != null) {
                found.put(key, seq);
            }
        }
        return found;
    }

    @Override
    public synchronized void advance(Map<String, Long> moves) {
        advanceCalls++;
        seqsWritten += moves.size();
        moves.forEach((key, seq) -> seqs.merge(key, seq, Math::max));
    }

    /** Another writer: the transfer moving a sender's read seq to its own message. */
    synchronized void storedElsewhere(String key, long seq) {
        seqs.merge(key, seq, Math::max);
    }

    synchronized long seq(String key) {
        return seqs.getOrDefault(key, 0L);
    }

    synchronized int readCalls() {
        return readCalls;
    }

    synchronized int advanceCalls() {
        return advanceCalls;
    }

    synchronized int seqsWritten() {
        return seqsWritten;
    }
}
