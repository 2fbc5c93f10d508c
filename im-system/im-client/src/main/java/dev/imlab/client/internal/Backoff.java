package dev.imlab.client.internal;

import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter": the delay for attempt {@code n} is half of
 * {@code min(max, initial * 2^n)} plus a random part of up to the other half.
 *
 * <p>Why jitter: when a server restarts, all its clients lose their connection in the same
 * millisecond; without a random part they would all come back in the same millisecond too.
 * Why only half random: a fully random delay may be near zero every time, which defeats the
 * back-off. Stateless: each caller keeps its own attempt counter.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    Backoff(long initialMillis, long maxMillis, RandomGenerator random) {
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("back-off needs 1 <= initial <= max, got initial "
                    + initialMillis + " ms, max " + maxMillis + " ms");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (0 for the first retry). */
    long delayMillis(int attempt) {
        // Past 2^20 the ceiling is long reached; the cap also keeps the shift from overflowing.
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(Math.max(attempt, 0), 20));
        long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }
}
