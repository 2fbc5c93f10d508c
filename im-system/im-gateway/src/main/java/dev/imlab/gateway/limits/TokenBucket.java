package dev.imlab.gateway.limits;

/**
 * One token bucket: {@code capacity} tokens, refilled continuously at {@code tokensPerNano}. Not
 * thread-safe: a connection's buckets are touched on its event loop only, and {@link KeyedBuckets}
 * locks each shared bucket while it uses it.
 */
public final class TokenBucket {
    /**
     * A billionth of a token. Refills add up in floating point, so a client that waited exactly its
     * {@code retryAfterMs} could find 0.9999999999 tokens and be refused again; this much is forgiven.
     */
    private static final double EPSILON = 1e-9;

    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double tokensPerNano, double capacity, long nowNanos) {
        if (tokensPerNano <= 0 || capacity < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and room for a token, not "
                    + tokensPerNano + " per ns and " + capacity);
        }
        this.tokensPerNano = tokensPerNano;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    public TokenBucket(Rate rate, long nowNanos) {
        this(rate.tokensPerNano(), rate.burst(), nowNanos);
    }

    /**
     * Takes {@code cost} tokens and returns 0; or, when there are not that many, takes none and
     * returns how many nanoseconds until there will be. A cost above the capacity is taken from a
     * full bucket (it goes into debt) rather than refused for ever.
     */
    public long tryTake(double cost, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(cost, capacity);
        if (tokens + EPSILON >= needed) {
            tokens -= cost;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / tokensPerNano));
    }

    /** Gives back tokens taken for something that turned out not to count. */
    public void refund(double cost, long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(capacity, tokens + cost);
    }

    private void refill(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * tokensPerNano);
            lastNanos = nowNanos;
        }
    }

    /** Nanoseconds rounded up to whole milliseconds, at least 1: the {@code retryAfterMs} of a refusal. */
    public static long toRetryMs(long nanos) {
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
