package dev.imlab.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.LongSupplier;

/**
 * The gateway's own {@link KeyedLimiter}: a token bucket per key (a client address, a user id), all
 * of one {@link Rate}, in a bounded map.
 *
 * <p>A bucket nobody touched for its rate's whole period is full again, exactly like a new one, so
 * the map forgets it then and loses nothing. The map also holds at most {@code maxKeys} buckets: a
 * flood of new keys evicts the least recently used, which hands that key a full bucket again. A
 * client with that many addresses gets past any per-address limit anyway.
 */
final class KeyedBuckets implements KeyedLimiter {
    private final Rate rate;
    private final LongSupplier nanos;
    private final Cache<String, TokenBucket> buckets;

    KeyedBuckets(Rate rate, int maxKeys, LongSupplier nanos) {
        this.rate = rate;
        this.nanos = nanos;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(rate.period())
                .ticker(nanos::getAsLong).build();
    }

    @Override
    public long tryTake(String key) {
        long now = nanos.getAsLong();
        TokenBucket bucket = buckets.get(key, k -> new TokenBucket(rate, now));
        synchronized (bucket) {
            return bucket.tryTake(1, now);
        }
    }

    @Override
    public void refund(String key) {
        TokenBucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.refund(1, nanos.getAsLong());
            }
        }
    }

    /** Buckets held now, after pending evictions (for tests). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
