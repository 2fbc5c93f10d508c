package dev.imlab.labs.lab11;

import dev.imlab.gateway.limits.LoginLockouts;
import dev.imlab.labs.LabNotDone;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Locks the logins of one user from one address after {@code failuresBeforeLockout} failures in a
 * row: for the first of {@code steps}, the next time for the second, then the last each time. A
 * success from the address ends it; after twice the longest step without an attempt, the steps
 * start again. It implements the gateway's own {@link LoginLockouts}, so {@code Lab11Server} runs
 * the real gateway on it. Event loops and the login pool call it at once.
 */
public final class LoginLockout implements LoginLockouts {
    /** The most (user, address) pairs held at once: a flood of made-up user ids must not fill the heap. */
    public static final int MAX_PAIRS = 100_000;

    /**
     * @param failuresBeforeLockout failures in a row that lock a pair (5 in the server)
     * @param steps                 how long each lockout lasts: 1, 30, 60 minutes in the server
     * @param nanos                 the clock
     */
    public LoginLockout(int failuresBeforeLockout, List<Duration> steps, LongSupplier nanos) {
        // Keep what you need.
    }

    /** Nanoseconds the logins of {@code userId} from {@code address} stay locked; 0 or less when they are not. */
    @Override
    public long lockedNanos(String userId, String address) {
        throw new LabNotDone(LoginLockout.class, "lockedNanos");
    }

    /**
     * A login of {@code userId} from {@code address} failed. A failure while the pair is locked
     * (an attempt that was under way when the lock began) does not count.
     */
    @Override
    public void failed(String userId, String address) {
        throw new LabNotDone(LoginLockout.class, "failed");
    }

    /** A login of {@code userId} from {@code address} succeeded: its failures and steps start again. */
    @Override
    public void succeeded(String userId, String address) {
        throw new LabNotDone(LoginLockout.class, "succeeded");
    }

    /** Pairs held now, once evictions due by now have happened. */
    public long size() {
        throw new LabNotDone(LoginLockout.class, "size");
    }
}
