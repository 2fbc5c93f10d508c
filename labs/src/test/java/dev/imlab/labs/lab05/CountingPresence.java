package dev.imlab.labs.lab05;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Presence in memory that counts round trips: one per call, as each call to the real one (Redis,
 * pipelined) is one wait for the network.
 */
final class CountingPresence implements Presence {
    private final Map<String, Map<String, String>> routes = new HashMap<>();
    private final Set<String> live = new HashSet<>();
    private int roundTrips;

    /** The user's device is connected to the gateway, which is alive. */
    CountingPresence online(String userId, String deviceId, String gatewayId) {
        routes.computeIfAbsent(userId, u -> new TreeMap<>()).put(deviceId, gatewayId);
        live.add(gatewayId);
        return this;
    }

    /** The gateway stopped heartbeating; the routes to it are still in the table, stale. */
    CountingPresence died(String gatewayId) {
        live.remove(gatewayId);
        return this;
    }

    int roundTrips() {
        return roundTrips;
    }

    @Override
    public CompletableFuture<Map<String, String>> devicesOf(String userId) {
        roundTrips++;
        return CompletableFuture.completedFuture(Map.copyOf(routes.getOrDefault(userId, Map.of())));
    }

    @Override
    public CompletableFuture<Map<String, Map<String, String>>> devicesOfAll(Collection<String> userIds) {
        roundTrips++;
        Map<String, Map<String, String>> found = new HashMap<>();
        for (String user : userIds) {
            Map<String, String> devices = routes.get(user);
            if (devices != null) {
                found.put(user, Map.copyOf(devices));
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletableFuture<Set<String>> liveGateways() {
        roundTrips++;
        return CompletableFuture.completedFuture(Set.copyOf(live));
    }
}
