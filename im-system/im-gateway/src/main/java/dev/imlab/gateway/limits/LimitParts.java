package dev.imlab.gateway.limits;

/**
 * The parts of {@link Limits} a lab may replace: the keyed token buckets and the login lockouts.
 * A null part is the gateway's own.
 */
public record LimitParts(KeyedLimiter.Factory buckets, LoginLockouts.Factory lockouts) {
    public LimitParts {
        buckets = buckets != null ? buckets : KeyedBuckets::new;
        lockouts = lockouts != null ? lockouts : LockoutLadder::new;
    }

    /** The gateway's own parts. */
    public static LimitParts own() {
        return new LimitParts(null, null);
    }
}
