package dev.imlab.labs.lab09;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One conversation's stored messages in memory, as the tests of lab09 see them: seq 1, 2, 3, ...
 * each with the moment it expires ({@code serverTime + ttl}, never earlier than the message before
 * it), a stored lower bound below which everything was deleted, and a count of the reads it served
 * so that a test can see how many probes a search made.
 */
public final class MemoryLog implements ExpiringLog {
    private final long ttl;
    private final List<Long> expireAt = new ArrayList<>(); // index seq - 1; -1 once deleted
    private long lowerBound = 1;
    private long probes;

    public MemoryLog(long ttl) {
        this.ttl = ttl;
    }

    /** Stores a message sent at {@code serverTime} and returns its seq: always the last seq + 1, never reused. */
    public long append(long serverTime) {
        long previous = expireAt.isEmpty() ? Long.MIN_VALUE : lastExpiry();
        expireAt.add(Math.max(previous, serverTime + ttl)); // serverTime never goes back within a conversation
        return expireAt.size();
    }

    private long lastExpiry() {
        for (int i = expireAt.size() - 1; i >= 0; i--) {
            if (expireAt.get(i) >= 0) {
                return expireAt.get(i);
            }
        }
        return Long.MIN_VALUE;
    }

    @Override
    public long maxSeq() {
        return expireAt.size();
    }

    @Override
    public OptionalLong expireAt(long seq) {
        probes++;
        if (seq < 1 || seq > expireAt.size() || expireAt.get((int) (seq - 1)) < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(expireAt.get((int) (seq - 1)));
    }

    @Override
    public long delete(long from, long to) {
        long n = 0;
        for (long seq = Math.max(1, from); seq <= Math.min(to, expireAt.size()); seq++) {
            if (expireAt.get((int) (seq - 1)) >= 0) {
                expireAt.set((int) (seq - 1), -1L);
                n++;
            }
        }
        return n;
    }

    @Override
    public long lowerBound() { // starts at 1
        return lowerBound;
    }

    @Override
    public void raiseLowerBound(long seq) {
        lowerBound = Math.max(lowerBound, seq);
    }

    /** Reads served so far. */
    public long probes() {
        return probes;
    }

    /** Messages still stored. */
    public long stored() {
        return expireAt.stream().filter(e -> e >= 0).count();
    }
}
