package dev.imlab.gateway.session;

/**
 * A token bucket per connection: {@code ratePerSecond} requests a second on average, bursts of up
 * to {@code burst}. Two longs of state; touched only on the connection's event loop.
 */
public final class RateLimiter {
    private final double tokensPerNano;
    private final long burst;
    private double tokens;
    private long lastNanos;

    public RateLimiter(int ratePerSecond, int burst, long nowNanos) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token, or returns how many ms until one is there (the {@code retryAfterMs} of RATE_LIMITED). */
    public long tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * tokensPerNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano / 1e6));
    }
}
