package dev.imlab.labs.lab11;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imlab.gateway.limits.KeyedLimiter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} per key, all of one shape, in a bounded table.
 *
 * <p>Two bounds, each safe for its own reason. A bucket nobody touched for a whole period is full
 * again, exactly like a new one, so the table forgets it then and loses nothing
 * ({@code expireAfterAccess}). And the table holds at most {@code maxKeys}: a flood of new keys
 * (one per spoofed user id, or per address of a botnet) evicts others, which hands those keys a
 * full bucket again; a client with that many addresses gets past any per-address limit anyway,
 * and the heap stays bounded. Caffeine does both, on the same injected clock ({@code ticker}).
 */
public final class KeyedBuckets implements KeyedLimiter {
    private final long capacity;
    private final Duration period;
    private final LongSupplier nanos;
    private final Cache<String, TokenBucket> buckets;

    public KeyedBuckets(long capacity, Duration period, int maxKeys, LongSupplier nanos) {
        this.capacity = capacity;
        this.period = period;
        this.nanos = nanos;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(period)
                .ticker(nanos::getAsLong).build();
    }

    @Override
    public long tryTake(String key) {
        // One bucket per key even when threads race for a new key: get(key, create) creates it once.
        return buckets.get(key, k -> new TokenBucket(capacity, period, nanos)).tryTake(1);
    }

    @Override
    public void refund(String key) {
        TokenBucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.refund(1);
        }
    }

    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
