package dev.imlab.labs.lab05;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import dev.imlab.push.fanout.Fanout;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push role's plan of each push (im-push's {@code Fanout}) made by your {@link FanoutPlanner}:
 * what {@code Lab05Server} plugs into the real server.
 *
 * <p>The push role reads a whole Kafka poll of messages at once and looks up the routes of all
 * their users in one pipelined Redis round trip, with the live gateways behind it on the same
 * connection (im-push's {@code PushBatch}). Your planner gets a {@link Presence} that answers from
 * that lookup: what it decides (which devices, which gateways, the sending device left out) is
 * what the gateways push. The presence counts the calls your planner makes, each of which would
 * be a round trip of its own, and the log shows them per message at the 1st, 10th, 100th, ...
 * message planned.
 */
public final class PlannedFanout implements Fanout {
    private static final Logger log = LoggerFactory.getLogger(PlannedFanout.class);

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();

    @Override
    public Map<String, List<DeviceRef>> plan(StoredRecord stored, Collection<String> users,
                                             Map<String, Map<String, String>> routes, Set<String> liveGateways) {
        LookedUp presence = new LookedUp(routes, liveGateways);
        Map<String, List<DeviceRef>> plan = new FanoutPlanner(presence).plan(stored, users);
        long n = messages.incrementAndGet();
        long trips = roundTrips.addAndGet(presence.calls);
        if (Long.toString(n).matches("10*")) {
            log.info("lab05: FanoutPlanner planned {} message(s); this one, to {} users on {} gateway(s), asked presence"
                    + " {} time(s); {} round trips per message so far", n, users.size(), plan.size(), presence.calls,
                    String.format("%.2f", (double) trips / n));
        }
        return plan;
    }

    /** The routes and live gateways the push role looked up for the poll, as a {@link Presence}. */
    private static final class LookedUp implements Presence {
        private final Map<String, Map<String, String>> routes;
        private final Set<String> live;
        int calls; // one planner, on the push role's one thread

        LookedUp(Map<String, Map<String, String>> routes, Set<String> live) {
            this.routes = routes;
            this.live = live;
        }

        @Override
        public CompletableFuture<Map<String, String>> devicesOf(String userId) {
            calls++;
            return CompletableFuture.completedFuture(routes.getOrDefault(userId, Map.of()));
        }

        @Override
        public CompletableFuture<Map<String, Map<String, String>>> devicesOfAll(Collection<String> userIds) {
            calls++;
            Map<String, Map<String, String>> found = new LinkedHashMap<>();
            for (String user : userIds) {
                Map<String, String> devices = routes.get(user);
                if (devices != null && !devices.isEmpty()) {
                    found.put(user, devices);
                }
            }
            return CompletableFuture.completedFuture(found);
        }

        @Override
        public CompletableFuture<Set<String>> liveGateways() {
            calls++;
            return CompletableFuture.completedFuture(live);
        }
    }
}
