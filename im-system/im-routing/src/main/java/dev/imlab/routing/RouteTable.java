package dev.imlab.routing;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which gateway holds which device: one Redis hash per user, {@code route:<userId>} mapping
 * deviceId to gatewayId.
 *
 * <p>Redis is only a cache here: a lost route means a missed push that the device recovers
 * through retransmission or {@code sync}, never a lost or re-numbered message. Gateways re-assert
 * their routes when they notice Redis lost them (see {@link GatewayRegistry}).
 *
 * @implNote A hash per user, not a key per device, so that the fan-out of a group can fetch all
 *     devices of all members with one HGETALL per member, all pipelined in one round trip.
 */
public final class RouteTable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    // Swap in the new gateway and return the old one, atomically: the caller kicks the old session.
    private static final String REGISTER = "local old = redis.call('HGET', KEYS[1], ARGV[1]); "
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); return old";
    // Delete only if it still points here: the device may already be connected to another gateway.
    private static final String UNREGISTER = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end";

    private final StatefulRedisConnection<String, String> connection;

    public RouteTable(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    static String key(String userId) {
        return "route:" + userId;
    }

    /** Points the device at this gateway; completes with the gateway it pointed at before, or null. */
    public CompletionStage<String> register(String userId, String deviceId, String gatewayId) {
        RedisFuture<String> old = connection.async().eval(REGISTER, ScriptOutputType.VALUE,
                new String[] {key(userId)}, deviceId, gatewayId);
        return old;
    }

    public CompletionStage<Boolean> unregister(String userId, String deviceId, String gatewayId) {
        RedisFuture<Long> deleted = connection.async().eval(UNREGISTER, ScriptOutputType.INTEGER,
                new String[] {key(userId)}, deviceId, gatewayId);
        return deleted.thenApply(n -> n != null && n > 0);
    }

    /** Re-writes routes of devices this gateway holds, all pipelined: used after Redis lost its data. */
    public void reassert(Map<String, Map<String, String>> devicesByUser) {
        RedisAsyncCommands<String, String> redis = connection.async();
        List<RedisFuture<?>> futures = new ArrayList<>();
        devicesByUser.forEach((userId, devices) -> futures.add(redis.hset(key(userId), devices)));
        LettuceFutures.awaitAll(TIMEOUT, futures.toArray(new RedisFuture[0]));
    }

    /**
     * All devices of the given users: user to (device to gateway). One HGETALL per user, sent
     * back to back on one connection, so the whole lookup costs one round trip however many
     * users there are.
     */
    public CompletableFuture<Map<String, Map<String, String>>> lookup(Collection<String> userIds) {
        RedisAsyncCommands<String, String> redis = connection.async();
        Map<String, RedisFuture<Map<String, String>>> pending = new HashMap<>();
        for (String userId : userIds) {
            pending.put(userId, redis.hgetall(key(userId)));
        }
        return CompletableFuture.allOf(pending.values().stream()
                        .map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    Map<String, Map<String, String>> routes = new HashMap<>();
                    pending.forEach((userId, future) -> {
                        Map<String, String> devices = future.toCompletableFuture().join();
                        if (!devices.isEmpty()) {
                            routes.put(userId, devices);
                        }
                    });
                    return routes;
                });
    }
}
