package dev.imlab.labs.lab11;

import dev.imlab.gateway.limits.KeyedLimiter;
import dev.imlab.labs.LabNotDone;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} per key (a client address, a user id), all of one shape, in a table that
 * never holds more than {@code maxKeys} buckets: what the gateway limits HTTP calls, handshakes,
 * logins and registrations per address with. It implements the gateway's own {@link KeyedLimiter},
 * so {@code Lab11Server} runs the real gateway on it. Event loops and the login pool call it at once.
 */
public final class KeyedBuckets implements KeyedLimiter {

    /**
     * @param capacity tokens in each full bucket
     * @param period   how long an empty bucket takes to fill up
     * @param maxKeys  the most buckets held at once
     * @param nanos    the clock of every bucket, and of forgetting idle ones
     */
    public KeyedBuckets(long capacity, Duration period, int maxKeys, LongSupplier nanos) {
        // Keep what you need.
    }

    /** Takes a token from {@code key}'s bucket and returns 0, or returns the nanoseconds until one is there. */
    @Override
    public long tryTake(String key) {
        throw new LabNotDone(KeyedBuckets.class, "tryTake");
    }

    /** Gives a token back to {@code key}'s bucket, if the table still holds it. */
    @Override
    public void refund(String key) {
        throw new LabNotDone(KeyedBuckets.class, "refund");
    }

    /** Buckets held now, once evictions due by now have happened. */
    public long size() {
        throw new LabNotDone(KeyedBuckets.class, "size");
    }
}
