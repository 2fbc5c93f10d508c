package dev.imlab.gateway.session;

import dev.imlab.gateway.limits.Rate;
import dev.imlab.gateway.limits.TokenBucket;

/**
 * A connection's two token buckets: frames ({@code ratePerSecond} on average, bursts of up to
 * {@code burst}) and bytes (a {@link Rate}). Touched only on the connection's event loop.
 * {@link #unlimited()} when limits are off.
 */
public final class RateLimiter {
    private final TokenBucket frames;
    private final TokenBucket bytes;

    public RateLimiter(int ratePerSecond, int burst, long nowNanos) {
        this(ratePerSecond, burst, null, nowNanos);
    }

    /** @param bytesRate bytes of frames per connection; null: no byte limit */
    public RateLimiter(int ratePerSecond, int burst, Rate bytesRate, long nowNanos) {
        this.frames = new TokenBucket(ratePerSecond / 1e9, burst, nowNanos);
        this.bytes = bytesRate == null ? null : new TokenBucket(bytesRate, nowNanos);
    }

    private RateLimiter() {
        this.frames = null;
        this.bytes = null;
    }

    /** A limiter that never refuses: for {@code imlab.limits.enabled=false}. */
    public static RateLimiter unlimited() {
        return new RateLimiter();
    }

    /** Takes a frame's token, or returns how many ms until one is there (the {@code retryAfterMs} of RATE_LIMITED). */
    public long tryAcquire(long nowNanos) {
        if (frames == null) {
            return 0;
        }
        long wait = frames.tryTake(1, nowNanos);
        return wait == 0 ? 0 : TokenBucket.toRetryMs(wait);
    }

    /** Takes {@code size} bytes' tokens, or returns how many ms until there are that many. */
    public long tryAcquireBytes(long nowNanos, int size) {
        if (bytes == null) {
            return 0;
        }
        long wait = bytes.tryTake(size, nowNanos);
        return wait == 0 ? 0 : TokenBucket.toRetryMs(wait);
    }
}
