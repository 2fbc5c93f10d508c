package dev.imlab.gateway.presence;

import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.routing.GatewayRegistry;
import dev.imlab.routing.RouteTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this gateway known as alive, and its devices' routes in Redis.
 *
 * <p>Every {@code interval} it refreshes {@code gateway:<id>} with a TTL of a few intervals. If
 * the key had vanished, Redis lost its data (restart, flush, failover) or presumed us dead, so
 * the routes of every local device are written again: that is what keeps a Redis restart from
 * silently turning online devices into offline ones.
 */
public final class GatewayHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayHeartbeat.class);

    private final String gatewayId;
    private final GatewayRegistry registry;
    private final RouteTable routes;
    private final SessionRegistry sessions;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;

    public GatewayHeartbeat(String gatewayId, GatewayRegistry registry, RouteTable routes, SessionRegistry sessions,
                            Duration interval) {
        this.gatewayId = gatewayId;
        this.registry = registry;
        this.routes = routes;
        this.sessions = sessions;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-heartbeat-" + gatewayId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Beats once now (so pushers see this gateway before any device connects), then every interval. */
    public void start() throws Exception {
        registry.heartbeat(gatewayId, ttl(), sessions.size()).get(5, TimeUnit.SECONDS);
        // Starts the push role's grace period now, if Redis is fresh, rather than at the first push.
        registry.redisEpoch(System.currentTimeMillis()).get(5, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration ttl() {
        return interval.multipliedBy(5);
    }

    void beat() {
        try {
            boolean lost = registry.heartbeat(gatewayId, ttl(), sessions.size()).get(5, TimeUnit.SECONDS);
            if (lost) {
                Map<String, Map<String, String>> byUser = new HashMap<>();
                for (Session s : sessions.all()) {
                    byUser.computeIfAbsent(s.userId(), u -> new HashMap<>()).put(s.deviceId(), gatewayId);
                }
                routes.reassert(byUser);
                // Redis started empty: start the push role's grace now if nobody has yet.
                registry.redisEpoch(System.currentTimeMillis()).get(5, TimeUnit.SECONDS);
                if (!byUser.isEmpty()) {
                    log.warn("gateway {}: Redis had lost our key; re-asserted routes of {} devices", gatewayId,
                            sessions.size());
                }
            }
        } catch (Exception e) {
            log.warn("gateway {}: heartbeat failed: {}", gatewayId, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            registry.remove(gatewayId);
        } catch (RuntimeException e) {
            log.debug("cannot deregister gateway {}: {}", gatewayId, e.toString());
        }
    }
}
