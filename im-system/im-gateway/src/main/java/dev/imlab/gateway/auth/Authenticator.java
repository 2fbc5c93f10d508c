package dev.imlab.gateway.auth;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The one check every authenticated door runs (the WebSocket handshake and each HTTP call with a
 * Bearer token), in this order:
 * <ol>
 *   <li>the signature, expiry and claims ({@link TokenService#verify}): local, no I/O;
 *   <li>not revoked by a logout or a password change ({@link RevocationStore#check}): local for a
 *       token seen in the last few seconds, else one Redis read;
 *   <li>the user is registered: one MongoDB read, believed for {@link RevocationStore#RECHECK_AFTER}
 *       like a revocation check. Steps 2 and 3 run side by side.
 * </ol>
 * imlab has no account deletion, but a user removed from the store (by hand, or lost with it
 * while the token secret was kept) is refused too, within that window; the send path's
 * {@code UserDirectory} caches "exists" for good, which is right for a receiver, not for a caller.
 * Every refusal is {@code UNAUTHORIZED}; a store that cannot answer makes it {@code UNAVAILABLE}.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    /** Entries of {@link #registeredUntil} before the lapsed ones are swept out. */
    private static final int MAX_CACHED_USERS = 100_000;

    private final TokenService tokens;
    private final RevocationStore revocations;
    private final Predicate<String> registered;
    private final Executor blocking;
    private final Clock clock;
    /** Users found registered, with the instant (clock ms) to read again. */
    private final Map<String, Long> registeredUntil = new ConcurrentHashMap<>();

    /**
     * @param registered whether a user id is registered (blocking: MongoDB); null to skip the check, for
     *     load tests that sign tokens for users they never registered ({@code imlab.auth.require-registered-user=false})
     * @param blocking where {@code registered} runs
     */
    public Authenticator(TokenService tokens, RevocationStore revocations, Predicate<String> registered,
                         Executor blocking, Clock clock) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.registered = registered;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** The principal of a valid token, or a failed future with the refusal. */
    public CompletableFuture<Principal> authenticate(String token) {
        Principal principal;
        try {
            principal = tokens.verify(token);
        } catch (ImException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Principal> notRevoked = revocations.check(principal);
        if (registered == null) {
            return notRevoked;
        }
        return notRevoked.thenCombine(registered(principal.userId()), (p, exists) -> {
            if (!exists) {
                throw ErrorCode.UNAUTHORIZED.exception("token refused: user '" + p.userId() + "' is not registered");
            }
            return p;
        });
    }

    private CompletableFuture<Boolean> registered(String userId) {
        Long until = registeredUntil.get(userId);
        if (until != null && clock.millis() < until) {
            return CompletableFuture.completedFuture(true);
        }
        return CompletableFuture.supplyAsync(() -> {
            boolean exists = registered.test(userId);
            if (exists) {
                long now = clock.millis();
                if (registeredUntil.size() >= MAX_CACHED_USERS) {
                    registeredUntil.values().removeIf(t -> t <= now);
                }
                registeredUntil.put(userId, now + RevocationStore.RECHECK_AFTER.toMillis());
            }
            return exists;
        }, blocking);
    }

    /** Like {@link #authenticate} for an HTTP {@code Authorization: Bearer <token>} header. */
    public CompletableFuture<Principal> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return CompletableFuture.failedFuture(
                    ErrorCode.UNAUTHORIZED.exception("an 'Authorization: Bearer <token>' header is required"));
        }
        return authenticate(authorization.substring(BEARER.length()).trim());
    }

    /**
     * Whether a principal that passed {@link #authenticate} is still not known to be revoked here,
     * without I/O: asked once more after a connection is registered, because a revocation that
     * arrives between the check and the registration finds no connection to close.
     */
    public boolean stillValid(Principal principal) {
        return revocations.refusal(principal) == null;
    }
}
