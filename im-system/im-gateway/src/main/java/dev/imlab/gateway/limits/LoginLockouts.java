package dev.imlab.gateway.limits;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The lockout of a (user, address) pair after failed logins in a row ({@link LoginGuard}, step 1).
 * {@link LockoutLadder} is the gateway's own; lab11's plugs in here (the server takes a
 * {@code LoginLockouts.Factory} bean when there is one). Called from any event loop and from the
 * login pool at once.
 */
public interface LoginLockouts {

    /** How many nanoseconds logins of {@code userId} from {@code address} stay locked; 0 or less: not locked. */
    long lockedNanos(String userId, String address);

    /** A login of {@code userId} from {@code address} failed (a wrong password). */
    void failed(String userId, String address);

    /** A login of {@code userId} from {@code address} succeeded. */
    void succeeded(String userId, String address);

    /** Makes the gateway's lockouts from {@code imlab.limits.login-*}. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param failuresBeforeLockout failures in a row that lock a pair ({@code login-failures-before-lockout})
         * @param steps                 how long each lockout lasts, the first, the second, ...; the last repeats
         * @param nanos                 the clock, {@code System::nanoTime} in the server
         */
        LoginLockouts create(int failuresBeforeLockout, List<Duration> steps, LongSupplier nanos);
    }
}
