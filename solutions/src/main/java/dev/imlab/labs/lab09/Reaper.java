package dev.imlab.labs.lab09;

/** Deletes what expired, in batches, and stores how far it got, so that later reads start there. */
public final class Reaper {
    private Reaper() {
    }

    public static long reap(ExpiringLog log, long now, int batch) {
        long minSeq = MinSeq.of(log, now);
        long from = Math.max(1, log.lowerBound());
        long deleted = 0;
        for (long start = from; start < minSeq; start += batch) {
            deleted += log.delete(start, Math.min(minSeq - 1, start + batch - 1));
        }
        // Raised after the deletes: a reaper that dies half-way leaves a bound that is low, never high,
        // and the next read finds the deleted seqs expired anyway.
        log.raiseLowerBound(minSeq);
        return deleted;
    }
}
