package dev.imlab.push.internal;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis connection that holds every reply until {@link #answerHeld()}: each call of it is one
 * network round trip, so a test can count round trips exactly instead of timing them. Knows the
 * commands of route lookups (HGETALL) and of the live gateway set (SMEMBERS, MGET).
 */
final class HeldRedis implements InvocationHandler {
    private final Map<String, Map<String, String>> routes;
    private final Set<String> liveGateways;
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hgetalls = new AtomicInteger();

    /** @param routes user to (device to gateway) */
    HeldRedis(Map<String, Map<String, String>> routes, Set<String> liveGateways) {
        this.routes = routes;
        this.liveGateways = liveGateways;
    }

    @SuppressWarnings("unchecked")
    StatefulRedisConnection<String, String> connection() {
        RedisAsyncCommands<String, String> async = (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RedisAsyncCommands.class}, this);
        return (StatefulRedisConnection<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StatefulRedisConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("async")) {
                        return async;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "hgetall" -> {
                hgetalls.incrementAndGet();
                String user = ((String) args[0]).substring("route:".length());
                return hold(routes.getOrDefault(user, Map.of()));
            }
            case "smembers" -> {
                return hold(new HashSet<>(liveGateways));
            }
            case "eval" -> {
                return hold("0"); // the Redis epoch: set long ago, no restart to wait out
            }
            case "mget" -> {
                String[] keys = (String[]) args[0];
                return hold(Arrays.stream(keys).map(k -> KeyValue.just(k, "alive")).toList());
            }
            default -> throw new UnsupportedOperationException(method.getName());
        }
    }

    private <T> RedisFuture<T> hold(T reply) {
        Reply<T> future = new Reply<>();
        held.add(() -> future.complete(reply));
        return future;
    }

    boolean holdsReplies() {
        return !held.isEmpty();
    }

    /** Sends the replies to every command issued so far: one round trip. */
    void answerHeld() {
        // Commands issued by the callbacks of these replies belong to the next round trip.
        for (int n = held.size(); n > 0; n--) {
            held.poll().run();
        }
    }

    int hgetalls() {
        return hgetalls.get();
    }

    private static final class Reply<T> extends CompletableFuture<T> implements RedisFuture<T> {
        @Override
        public String getError() {
            return null;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            try {
                get(timeout, unit);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
