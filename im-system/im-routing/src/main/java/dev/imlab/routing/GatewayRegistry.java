package dev.imlab.routing;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Live gateways: each writes {@code gateway:<id>} with a short TTL on every heartbeat, and is
 * forgotten when it stops doing so. Pushers ignore routes that point at a gateway not in here.
 */
public final class GatewayRegistry {
    private static final String MEMBERS = "gateways";
    private static final String EPOCH = "imlab:redis-epoch";
    // One round trip, and atomic: create the epoch if missing, then read it.
    private static final String EPOCH_SCRIPT = "redis.call('SET', KEYS[1], ARGV[1], 'NX'); return redis.call('GET', KEYS[1])";
    private final StatefulRedisConnection<String, String> connection;

    public GatewayRegistry(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    static String key(String gatewayId) {
        return "gateway:" + gatewayId;
    }

    /**
     * Refreshes this gateway's liveness. Completes with true when the key was missing: Redis was
     * restarted or flushed, or this gateway was presumed dead, and its routes must be re-asserted.
     */
    public CompletableFuture<Boolean> heartbeat(String gatewayId, Duration ttl, long connections) {
        var redis = connection.async();
        redis.sadd(MEMBERS, gatewayId);
        // The value is the gateway's connection count, so a dashboard can show every gateway's.
        return redis.setGet(key(gatewayId), Long.toString(connections), SetArgs.Builder.px(ttl.toMillis()))
                .thenApply(previous -> previous == null)
                .toCompletableFuture();
    }

    /**
     * When Redis's current data began: the time stored under {@code imlab:redis-epoch}, created now
     * if it is missing. A missing key means Redis started empty (first start, restart, flush), so
     * every route in it may be missing until gateways notice and re-assert theirs.
     */
    public CompletableFuture<Long> redisEpoch(long now) {
        RedisFuture<String> epoch = connection.async().eval(EPOCH_SCRIPT, ScriptOutputType.VALUE, new String[] {EPOCH},
                Long.toString(now));
        return epoch.toCompletableFuture().thenApply(value -> value == null ? now : Long.parseLong(value));
    }

    public void remove(String gatewayId) {
        var redis = connection.async();
        redis.del(key(gatewayId));
        redis.srem(MEMBERS, gatewayId);
    }

    /** The gateways whose heartbeat has not expired. */
    public CompletableFuture<Set<String>> alive() {
        return connections().thenApply(Map::keySet);
    }

    /** Live gateways and the connections each held at its last heartbeat. */
    public CompletableFuture<Map<String, Long>> connections() {
        var redis = connection.async();
        return redis.smembers(MEMBERS).toCompletableFuture().thenCompose(members -> {
            if (members.isEmpty()) {
                return CompletableFuture.completedFuture(Map.<String, Long>of());
            }
            List<String> ids = List.copyOf(members);
            String[] keys = ids.stream().map(GatewayRegistry::key).toArray(String[]::new);
            return redis.mget(keys).toCompletableFuture().thenApply(values -> {
                Map<String, Long> alive = new TreeMap<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (values.get(i).hasValue()) {
                        alive.put(ids.get(i), parseOrZero(values.get(i).getValue()));
                    }
                }
                return alive;
            });
        });
    }

    private static long parseOrZero(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0; // written by an older gateway
        }
    }
}
