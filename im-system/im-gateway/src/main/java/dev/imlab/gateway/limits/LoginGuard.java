package dev.imlab.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Ids;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides, before any password is hashed, whether a login attempt may go on; learns from its outcome.
 *
 * <p>Checked in this order, each refusal a RATE_LIMITED (429) with {@code retryAfterMs}, none of which
 * costs BCrypt work (the issue measured an honest login waiting 7 s behind a wrong-password flood):
 * <ol>
 * <li><b>Lockout of the (user, address) pair.</b> {@code loginFailuresBeforeLockout} failures in a row
 *     of one user from one address lock that pair out for the first of {@code loginLockouts} (1 min),
 *     the next time for the second (30 min), then the last (60 min) each time. A success from the
 *     address ends it; after twice the longest lockout without an attempt, the steps start again
 *     ({@link LockoutLadder}, or a lab's {@link LoginLockouts}).
 * <li><b>Attempts per address</b> ({@code loginsPerIp}): one address cannot keep the hashing pool busy.
 * <li><b>Failed attempts per user</b> ({@code loginFailuresPerUser}), from any address, against a
 *     guess spread over many addresses. Addresses the user logged in from before (here, in the last
 *     30 days) skip it. A token is taken before hashing and given back when the login succeeds.
 * </ol>
 *
 * @implNote Strategy candidates for the lockout. (a) Lock the account after N failures, as many
 * banks do: an attacker who knows a user id locks its owner out, for as long as the attack lasts
 * or for ever. (b) Lock the address: one attacker behind a shared NAT locks every user behind it
 * out. (c) Lock the (user, address) pair, chosen: the attacker only locks himself out, and the
 * owner logging in from anywhere else is never blocked. Against an attacker with many addresses,
 * (c) alone does not slow a distributed guess at one account, hence step 3, which can delay the
 * owner only on an address he has not used before, only while the guessing lasts, and never
 * longer than one bucket refill: it does not grow.
 */
final class LoginGuard {
    /** How long a successful (user, address) pair is remembered as the user's own. */
    static final Duration KNOWN_ADDRESS_TTL = Duration.ofDays(30);
    private static final int MAX_KEYS = 100_000;

    private final LimitSettings settings;
    private final Refusals refusals;
    private final KeyedLimiter perIp;
    private final KeyedLimiter failuresPerUser;
    private final Cache<String, Boolean> knownAddresses;
    private final LoginLockouts lockouts;

    LoginGuard(LimitSettings settings, Refusals refusals, LongSupplier nanos) {
        this(settings, refusals, nanos, LimitParts.own());
    }

    LoginGuard(LimitSettings settings, Refusals refusals, LongSupplier nanos, LimitParts parts) {
        this.settings = settings;
        this.refusals = refusals;
        this.perIp = parts.buckets().create(settings.loginsPerIp(), MAX_KEYS, nanos);
        this.failuresPerUser = parts.buckets().create(settings.loginFailuresPerUser(), MAX_KEYS, nanos);
        this.knownAddresses = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(KNOWN_ADDRESS_TTL)
                .ticker(nanos::getAsLong).build();
        this.lockouts = parts.lockouts().create(settings.loginFailuresBeforeLockout(), settings.loginLockouts(), nanos);
    }

    /** Lets the attempt go on, or throws RATE_LIMITED. */
    Attempt begin(String address, String userId) {
        // A user id of the wrong shape logs nobody in; one key for all of them keeps the maps small.
        String user = Ids.isId(userId) ? userId : "?";
        String pair = user + "@" + address;
        long left = lockouts.lockedNanos(user, address);
        if (left > 0) {
            throw refusals.rateLimited(Limit.LOGIN_LOCKOUT, "logins of '" + user + "' from this address are locked "
                    + "after " + settings.loginFailuresBeforeLockout() + " failures in a row", left);
        }
        long wait = perIp.tryTake(address);
        if (wait > 0) {
            throw refusals.rateLimited(Limit.LOGINS_PER_IP, "too many logins from this address (limit "
                    + settings.loginsPerIp() + ")", wait);
        }
        boolean known = knownAddresses.getIfPresent(pair) != null;
        if (!known) {
            wait = failuresPerUser.tryTake(user);
            if (wait > 0) {
                throw refusals.rateLimited(Limit.LOGIN_FAILURES_PER_USER, "too many failed logins of '" + user
                        + "' (limit " + settings.loginFailuresPerUser() + ")", wait);
            }
        }
        return new Attempt(user, address, pair, known);
    }

    /** One login attempt that was let through; tell it how it ended. */
    final class Attempt {
        private final String user;
        private final String address;
        private final String pair;
        private final boolean known;

        private Attempt(String user, String address, String pair, boolean known) {
            this.user = user;
            this.address = address;
            this.pair = pair;
            this.known = known;
        }

        void succeeded() {
            lockouts.succeeded(user, address);
            knownAddresses.put(pair, Boolean.TRUE);
            if (!known) {
                failuresPerUser.refund(user);
            }
        }

        void failed() {
            lockouts.failed(user, address);
        }

        /** Neither: the request was refused for another reason (a bad device id, an unavailable store). */
        void undecided() {
            if (!known) {
                failuresPerUser.refund(user);
            }
        }
    }

    /** Ends how a login finished: UNAUTHORIZED is a failure, another error neither. */
    static void finish(Attempt attempt, Throwable error) {
        if (error == null) {
            attempt.succeeded();
        } else if (error instanceof ImException e && e.code() == ErrorCode.UNAUTHORIZED) {
            attempt.failed();
        } else {
            attempt.undecided();
        }
    }
}
