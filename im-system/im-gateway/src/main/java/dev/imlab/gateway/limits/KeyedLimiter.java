package dev.imlab.gateway.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client address, a user id), all of one {@link Rate}, in a bounded
 * table. {@link KeyedBuckets} is the gateway's own; lab11's plugs in here (the server takes a
 * {@code KeyedLimiter.Factory} bean when there is one). Called from any event loop and from the
 * login pool at once.
 */
public interface KeyedLimiter {

    /** Takes a token from {@code key}'s bucket and returns 0, or returns the nanoseconds until one is there. */
    long tryTake(String key);

    /** Gives back a token taken for an attempt that turned out not to count. */
    void refund(String key);

    /** Makes the table of one limit: {@link Limits} makes one per address limit, the login guard two more. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param maxKeys the most keys held at once; a flood of new keys must not grow the table further
         * @param nanos   the clock of every bucket, {@code System::nanoTime} in the server
         */
        KeyedLimiter create(Rate rate, int maxKeys, LongSupplier nanos);
    }
}
