package dev.imlab.labs.lab11;

import dev.imlab.labs.LabNotDone;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: it holds at most {@code capacity} tokens, starts full, and refills continuously,
 * {@code capacity} tokens per {@code period}. A client may spend the whole bucket at once, then
 * {@code capacity} per {@code period} on average. Time comes from the clock it is given, in
 * nanoseconds ({@code System::nanoTime} in the server); the tests move their own.
 */
public final class TokenBucket {

    public TokenBucket(long capacity, Duration period, LongSupplier nanos) {
        // Keep what you need.
    }

    /**
     * Takes {@code n} tokens and returns 0; or, when there are not that many, takes none and
     * returns how many nanoseconds until there will be (at least 1). An {@code n} above the
     * capacity is taken from a full bucket, which goes into debt, rather than refused for ever.
     */
    public long tryTake(long n) {
        throw new LabNotDone(TokenBucket.class, "tryTake");
    }

    /** Gives back {@code n} tokens taken for something that turned out not to count; never above the capacity. */
    public void refund(long n) {
        throw new LabNotDone(TokenBucket.class, "refund");
    }

    /** A refusal's {@code retryAfterMs}: nanoseconds rounded up to whole milliseconds, at least 1. */
    public static long retryAfterMs(long nanos) {
        throw new LabNotDone(TokenBucket.class, "retryAfterMs");
    }
}
