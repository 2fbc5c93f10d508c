package dev.imlab.labs.lab05;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where users' devices are connected, as the push role reads it from Redis: im-routing's
 * {@code RouteTable} (one hash per user, {@code route:<userId>}, device id to gateway id) and
 * {@code GatewayRegistry} (the gateways that are alive).
 *
 * <p>Every call is one network round trip, whatever it asks for. That is what pipelining buys:
 * {@code RouteTable.lookup} writes one {@code HGETALL} per user back to back on one connection and
 * then reads all the answers, so a thousand users cost one wait for the network, not a thousand.
 * Inside one data center a round trip is 0.1 to 0.5 ms; a thousand of them is a slow push.
 */
public interface Presence {

    /** One user's devices: device id to gateway id, empty when the user is offline. One round trip. */
    CompletableFuture<Map<String, String>> devicesOf(String userId);

    /**
     * The devices of many users at once (pipelined): user id to (device id to gateway id). Users
     * who are offline are left out. One round trip, however many users.
     */
    CompletableFuture<Map<String, Map<String, String>>> devicesOfAll(Collection<String> userIds);

    /**
     * The gateways alive now. A route to any other gateway is stale: that gateway died, and its
     * devices will reconnect elsewhere and {@code sync}. One round trip.
     */
    CompletableFuture<Set<String>> liveGateways();
}
