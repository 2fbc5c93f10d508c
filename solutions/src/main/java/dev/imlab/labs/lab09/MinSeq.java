package dev.imlab.labs.lab09;

/** The lowest seq of a conversation that can still be pulled (PROTOCOL.md v2: {@code minSeq}). */
public final class MinSeq {
    private MinSeq() {
    }

    public static long of(ExpiringLog log, long now) {
        long maxSeq = log.maxSeq();
        long low = Math.max(1, log.lowerBound());
        if (low > maxSeq) {
            return maxSeq + 1;
        }
        if (alive(log, low, now)) {
            return low; // the common case: nothing expired since the reaper's last pass
        }
        // Invariant: low is expired; the answer is in (low, maxSeq + 1]. Expiry never decreases with
        // the seq, and a deleted message is an expired one, so "expired" is a prefix of the seqs.
        long high = maxSeq + 1;
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (alive(log, mid, now)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    private static boolean alive(ExpiringLog log, long seq, long now) {
        return log.expireAt(seq).stream().anyMatch(expireAt -> expireAt > now);
    }
}
