package dev.imlab.gateway.auth;

import dev.imlab.bus.GatewayCommand.Revocation;
import dev.imlab.protocol.ErrorCode;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which tokens are revoked, kept in Redis (which every gateway already shares for the route
 * table), each entry expiring when the last token it covers would have expired anyway:
 * <ul>
 *   <li>{@code revoked-token:<jti>}: one token, revoked by a logout; expires with the token.
 *   <li>{@code token-epoch:<userId>}: every token of the user issued before this instant (epoch ms),
 *       revoked by a password change; expires one token lifetime later. It only moves forward.
 * </ul>
 *
 * @implNote Strategy candidates for checking a token on every HTTP call and handshake:
 *     <ol>
 *       <li>a Redis read per check: exact, but a round trip on every call, and Redis in the path of
 *           every reconnect of a gateway's 100,000 devices.
 *       <li>a local set of revoked ids, fed by an announcement only: no reads at all, but a gateway
 *           that missed an announcement (it was starting, or Kafka was away) never learns.
 *       <li>chosen: both. What this gateway knows is revoked (from announcements, its own
 *           revocations and earlier reads) it refuses without a read. A token it has not seen is
 *           read from Redis (one MGET of both keys), and "not revoked" is then believed for
 *           {@link #RECHECK_AFTER}. A revocation is written to Redis before it is announced, so a
 *           gateway that never saw the token refuses it at once; one that saw it within the last
 *           {@code RECHECK_AFTER} refuses it when the announcement arrives (milliseconds: one Kafka
 *           hop, see {@code TokenRevoker}), or at the latest when {@code RECHECK_AFTER} has passed.
 *     </ol>
 *     Knowledge only grows: what a read or an announcement says is revoked is merged in (a later
 *     epoch wins), never replaced, so a slow read that began before a revocation cannot make this
 *     gateway forget it.
 */
public final class RevocationStore {
    /** How long a token found not revoked in Redis is believed without reading again. */
    public static final Duration RECHECK_AFTER = Duration.ofSeconds(5);
    /** Entries per local map before expired ones are swept out (about 100 bytes each). */
    static final int MAX_ENTRIES = 100_000;
    /** Gateways' clocks differ a little: an epoch is kept this much longer than a token lives. */
    private static final long CLOCK_SLACK_MS = 60_000;
    private static final long REDIS_TIMEOUT_MS = 5_000;
    // Raises the epoch, never lowers it: two password changes in a row keep the later one.
    private static final String RAISE_EPOCH = "local old = tonumber(redis.call('GET', KEYS[1]) or '0'); "
            + "if tonumber(ARGV[1]) > old then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]); return 1 end; "
            + "return 0";

    private final StatefulRedisConnection<String, String> redis;
    private final Clock clock;
    private final long tokenTtlMs;
    /** Revoked token ids, with the instant (epoch ms) their token expires. */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    /** Per user, tokens issued before this instant (epoch ms) are revoked. */
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();
    /** Token ids read from Redis and found not revoked, with the instant (clock ms) to read again. */
    private final Map<String, Long> checked = new ConcurrentHashMap<>();

    public RevocationStore(StatefulRedisConnection<String, String> redis, Clock clock, Duration tokenTtl) {
        this.redis = redis;
        this.clock = clock;
        this.tokenTtlMs = tokenTtl.toMillis();
    }

    static String tokenKey(String tokenId) {
        return "revoked-token:" + tokenId;
    }

    static String epochKey(String userId) {
        return "token-epoch:" + userId;
    }

    /**
     * Completes with the principal if its token is not revoked; fails with {@code UNAUTHORIZED} if
     * it is, or {@code UNAVAILABLE} when Redis cannot say (a token is never let in unchecked).
     */
    public CompletableFuture<Principal> check(Principal principal) {
        String refusal = refusal(principal);
        if (refusal != null) {
            return CompletableFuture.failedFuture(ErrorCode.UNAUTHORIZED.exception(refusal));
        }
        long now = clock.millis();
        Long recheckAt = checked.get(principal.tokenId());
        if (recheckAt != null && now < recheckAt) {
            return CompletableFuture.completedFuture(principal);
        }
        return redis.async().mget(tokenKey(principal.tokenId()), epochKey(principal.userId())).toCompletableFuture()
                .orTimeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((values, error) -> {
                    if (error != null) {
                        throw ErrorCode.UNAVAILABLE.exception("cannot check the token now (" + error + "): retry");
                    }
                    learnFrom(principal, values);
                    String refused = refusal(principal);
                    if (refused != null) {
                        throw ErrorCode.UNAUTHORIZED.exception(refused);
                    }
                    put(checked, principal.tokenId(), now + RECHECK_AFTER.toMillis());
                    return principal;
                });
    }

    /** Why the token is refused, from what this gateway knows without asking Redis; null if nothing speaks against it. */
    public String refusal(Principal principal) {
        if (principal.tokenId() != null && revoked.containsKey(principal.tokenId())) {
            return "token revoked: it was logged out";
        }
        Long epoch = epochs.get(principal.userId());
        if (epoch != null && principal.issuedAtMs() < epoch) {
            return "token revoked: issued before the user's password was changed";
        }
        return null;
    }

    private void learnFrom(Principal principal, List<KeyValue<String, String>> values) {
        if (values.get(0).hasValue()) {
            learn(Revocation.ofToken(principal.userId(), principal.tokenId(), principal.expiresAtMs()));
        }
        if (values.get(1).hasValue()) {
            long epoch = Long.parseLong(values.get(1).getValue());
            learn(Revocation.issuedBefore(principal.userId(), epoch, epoch + tokenTtlMs + CLOCK_SLACK_MS));
        }
    }

    /** Writes a logout's revocation of one token to Redis, and knows it here. */
    public CompletableFuture<Revocation> revokeToken(Principal principal) {
        Revocation revocation = Revocation.ofToken(principal.userId(), principal.tokenId(), principal.expiresAtMs());
        long remaining = Math.max(1, principal.expiresAtMs() - clock.millis());
        return redis.async().set(tokenKey(principal.tokenId()), principal.userId(), SetArgs.Builder.px(remaining))
                .toCompletableFuture().orTimeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .thenApply(ok -> {
                    learn(revocation);
                    return revocation;
                });
    }

    /**
     * Writes to Redis that every token of the user issued before {@code epoch} is revoked, and knows
     * it here.
     */
    public CompletableFuture<Revocation> revokeIssuedBefore(String userId, long epoch) {
        Revocation revocation = Revocation.issuedBefore(userId, epoch, epoch + tokenTtlMs + CLOCK_SLACK_MS);
        String keepMs = Long.toString(tokenTtlMs + CLOCK_SLACK_MS);
        return redis.async().<Long>eval(RAISE_EPOCH, ScriptOutputType.INTEGER, new String[] {epochKey(userId)},
                        Long.toString(epoch), keepMs)
                .toCompletableFuture().orTimeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .thenApply(raised -> {
                    learn(revocation);
                    return revocation;
                });
    }

    /** Merges a revocation in (from this gateway, a Redis read or another gateway's announcement). */
    public void learn(Revocation revocation) {
        if (revocation.tokenId() != null) {
            put(revoked, revocation.tokenId(), revocation.expiresAt());
        } else {
            epochs.merge(revocation.userId(), revocation.issuedBefore(), Math::max);
            sweepIfFull(epochs, tokenTtlMs + CLOCK_SLACK_MS); // an epoch matters one token lifetime
        }
    }

    private void put(Map<String, Long> map, String key, long until) {
        map.put(key, until);
        sweepIfFull(map, 0);
    }

    /**
     * Keeps a map bounded: past {@link #MAX_ENTRIES}, drops the entries whose instant has passed
     * ({@code + keepFor}). Only {@code checked} may be cleared outright (it costs re-reads); the
     * revocations may only lose what has expired, since Redis has forgotten those too.
     */
    private void sweepIfFull(Map<String, Long> map, long keepFor) {
        if (map.size() <= MAX_ENTRIES) {
            return;
        }
        long now = clock.millis();
        map.values().removeIf(until -> until + keepFor <= now);
        if (map == checked && map.size() > MAX_ENTRIES / 2) {
            map.clear();
        }
    }
}
