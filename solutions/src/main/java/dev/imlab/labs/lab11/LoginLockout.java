package dev.imlab.labs.lab11;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imlab.gateway.limits.LoginLockouts;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Locks the logins of one user from one address after failures in a row, for longer each time.
 *
 * <p>Why the pair: locking the account after N failures lets anyone who knows a user id lock its
 * owner out; locking the address locks out everyone behind a shared NAT. Locking the (user,
 * address) pair locks out only the one guessing there, and the owner logging in from anywhere
 * else is never blocked. Guesses spread over many addresses are the job of a per-user bucket
 * ({@link KeyedBuckets}), not of this.
 *
 * <p>The table forgets a pair twice the longest step after its last attempt, so the steps grow
 * while attempts go on and start again after a quiet spell; and it holds at most
 * {@link #MAX_PAIRS}, since every made-up user id of a flood is a new pair.
 */
public final class LoginLockout implements LoginLockouts {
    public static final int MAX_PAIRS = 100_000;

    private final int failuresBeforeLockout;
    private final List<Duration> steps;
    private final LongSupplier nanos;
    private final Cache<String, Pair> pairs;

    public LoginLockout(int failuresBeforeLockout, List<Duration> steps, LongSupplier nanos) {
        this.failuresBeforeLockout = failuresBeforeLockout;
        this.steps = List.copyOf(steps);
        this.nanos = nanos;
        Duration longest = steps.stream().max(Duration::compareTo).orElseThrow();
        this.pairs = Caffeine.newBuilder().maximumSize(MAX_PAIRS).expireAfterAccess(longest.multipliedBy(2))
                .ticker(nanos::getAsLong).build();
    }

    private static String key(String userId, String address) {
        return userId + "@" + address;
    }

    @Override
    public long lockedNanos(String userId, String address) {
        Pair pair = pairs.getIfPresent(key(userId, address));
        return pair == null ? 0 : pair.lockedNanos(nanos.getAsLong());
    }

    @Override
    public void failed(String userId, String address) {
        pairs.get(key(userId, address), k -> new Pair()).failed(nanos.getAsLong());
    }

    @Override
    public void succeeded(String userId, String address) {
        pairs.invalidate(key(userId, address));
    }

    public long size() {
        pairs.cleanUp();
        return pairs.estimatedSize();
    }

    /** One pair's failures in a row and its lockouts so far; threads of the login pool race on it. */
    private final class Pair {
        private int failures;
        private int lockouts;
        private long lockedUntil;
        private boolean locked;

        synchronized long lockedNanos(long now) {
            return locked ? lockedUntil - now : 0;
        }

        synchronized void failed(long now) {
            if (locked && now - lockedUntil < 0) {
                return; // under way when the lock began: it must not start the next step early
            }
            locked = false;
            if (++failures >= failuresBeforeLockout) {
                lockedUntil = now + steps.get(Math.min(lockouts, steps.size() - 1)).toNanos();
                locked = true;
                lockouts++;
                failures = 0;
            }
        }
    }
}
