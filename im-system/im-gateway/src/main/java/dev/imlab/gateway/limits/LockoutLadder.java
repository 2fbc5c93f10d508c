package dev.imlab.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The gateway's own {@link LoginLockouts}: {@code failuresBeforeLockout} failures in a row of one
 * user from one address lock that pair out for the first of {@code steps}, the next time for the
 * second, then the last each time. A success from the address ends it; after twice the longest
 * step without an attempt, the steps start again. Why the pair and not the account or the address:
 * {@link LoginGuard}.
 */
final class LockoutLadder implements LoginLockouts {
    private static final int MAX_KEYS = 100_000;

    private final int failuresBeforeLockout;
    private final List<Duration> steps;
    private final LongSupplier nanos;
    private final Cache<String, Lockout> lockouts;

    LockoutLadder(int failuresBeforeLockout, List<Duration> steps, LongSupplier nanos) {
        this.failuresBeforeLockout = failuresBeforeLockout;
        this.steps = List.copyOf(steps);
        this.nanos = nanos;
        Duration longest = steps.stream().max(Duration::compareTo).orElseThrow();
        // Kept twice the longest lockout after the last attempt, so the steps grow while attempts go on.
        this.lockouts = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(longest.multipliedBy(2))
                .ticker(nanos::getAsLong).build();
    }

    private static String pair(String userId, String address) {
        return userId + "@" + address;
    }

    @Override
    public long lockedNanos(String userId, String address) {
        Lockout lockout = lockouts.getIfPresent(pair(userId, address));
        return lockout == null ? 0 : lockout.remainingNanos(nanos.getAsLong());
    }

    @Override
    public void failed(String userId, String address) {
        lockouts.get(pair(userId, address), p -> new Lockout()).failed(nanos.getAsLong());
    }

    @Override
    public void succeeded(String userId, String address) {
        lockouts.invalidate(pair(userId, address));
    }

    /** The lockout after the {@code n}-th one (0 for the first): the steps grow, then the last repeats. */
    private Duration step(int n) {
        return steps.get(Math.min(n, steps.size() - 1));
    }

    /** Failures of one (user, address) pair and its lockouts so far. */
    private final class Lockout {
        private int failures;
        private int lockouts;
        private long lockedUntilNanos;
        private boolean locked;

        synchronized long remainingNanos(long now) {
            return locked ? lockedUntilNanos - now : 0;
        }

        synchronized void failed(long now) {
            if (locked && now - lockedUntilNanos < 0) {
                return; // a failure that was already under way when the lock began
            }
            locked = false;
            if (++failures >= failuresBeforeLockout) {
                lockedUntilNanos = now + step(lockouts).toNanos();
                locked = true;
                lockouts++;
                failures = 0;
            }
        }
    }
}
