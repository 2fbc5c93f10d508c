package dev.imlab.labs.lab11;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: it holds at most {@code capacity} tokens, starts full, and refills continuously,
 * {@code capacity} tokens per {@code period}. A client may spend the whole bucket at once, then
 * {@code capacity} per {@code period} on average.
 *
 * <p>No timer refills it: each call first adds what the time since the last call is worth, capped
 * at the capacity. That is why an idle bucket costs nothing, and why a clock read that comes in
 * late (a thread that read the time, then waited for the lock behind a thread that read it later)
 * must add nothing rather than take tokens away. Tokens are a {@code double}: a rate of 5 per hour
 * adds a fraction of a token per call, and rounding each one away would never refill it; the
 * rounding errors of the sums are forgiven ({@link #EPSILON}), so that the wait a refusal answers
 * is a promise. The real gateway's {@code TokenBucket} works the same way.
 */
public final class TokenBucket {
    /**
     * A billionth of a token. Refills add up in floating point, so a client that waited exactly the
     * time it was told could find 0.9999999999 tokens and be refused again; this much is forgiven.
     */
    private static final double EPSILON = 1e-9;

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    public TokenBucket(long capacity, Duration period, LongSupplier nanos) {
        if (capacity < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a bucket needs room for a token and a positive period, not "
                    + capacity + " per " + period);
        }
        this.capacity = capacity;
        this.tokensPerNano = (double) capacity / period.toNanos();
        this.nanos = nanos;
        this.tokens = capacity;
        this.last = nanos.getAsLong();
    }

    public synchronized long tryTake(long n) {
        refill();
        double needed = Math.min(n, capacity);
        if (tokens + EPSILON >= needed) {
            tokens -= n; // n above the capacity leaves a debt, paid off by the refill
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / tokensPerNano));
    }

    public synchronized void refund(long n) {
        refill();
        tokens = Math.min(capacity, tokens + n);
    }

    private void refill() {
        long now = nanos.getAsLong();
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
            last = now;
        }
    }

    public static long retryAfterMs(long nanos) {
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
