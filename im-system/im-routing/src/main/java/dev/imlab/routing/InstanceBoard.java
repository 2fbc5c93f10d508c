package dev.imlab.routing;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every running imlab process's latest figures, for the cluster-wide view: each process writes
 * {@code instance:<id>} every second with a TTL of a few seconds, and is gone from here when it
 * stops doing so. The same pattern as {@link GatewayRegistry}'s heartbeats, for all roles, with an
 * opaque value (the publisher's JSON) so that Redis needs no schema.
 *
 * @implNote Strategy candidates: a Kafka topic of snapshots (every reader replays a stream to learn
 *     who is alive), each gateway asking every process over HTTP (back-end processes have no port),
 *     Prometheus (not always running). Keys with a TTL make "alive" a property Redis keeps for us,
 *     and one {@code MGET} reads them all.
 */
public final class InstanceBoard {
    private static final String MEMBERS = "instances";
    private final StatefulRedisConnection<String, String> connection;

    public InstanceBoard(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    static String key(String instanceId) {
        return "instance:" + instanceId;
    }

    /** Writes this process's figures; they vanish {@code ttl} later unless written again. */
    public CompletableFuture<Void> publish(String instanceId, String figures, Duration ttl) {
        var redis = connection.async();
        redis.sadd(MEMBERS, instanceId);
        return redis.set(key(instanceId), figures, SetArgs.Builder.px(ttl.toMillis())).toCompletableFuture()
                .thenApply(ok -> null);
    }

    /** A clean stop: gone at once rather than after its TTL. */
    public void remove(String instanceId) {
        var redis = connection.async();
        redis.del(key(instanceId));
        redis.srem(MEMBERS, instanceId);
    }

    /**
     * The figures of every process whose key has not expired, by instance id. Ids whose key expired
     * are dropped from the member set on the way, so it does not grow with every restart.
     */
    public CompletableFuture<Map<String, String>> live() {
        var redis = connection.async();
        return redis.smembers(MEMBERS).toCompletableFuture().thenCompose(members -> {
            if (members.isEmpty()) {
                return CompletableFuture.completedFuture(Map.<String, String>of());
            }
            List<String> ids = List.copyOf(members);
            String[] keys = ids.stream().map(InstanceBoard::key).toArray(String[]::new);
            return redis.mget(keys).toCompletableFuture().thenApply(values -> {
                Map<String, String> alive = new LinkedHashMap<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (values.get(i).hasValue()) {
                        alive.put(ids.get(i), values.get(i).getValue());
                    } else {
                        redis.srem(MEMBERS, ids.get(i)); // expired: a crash, or a stop whose remove was lost
                    }
                }
                return alive;
            });
        });
    }
}
