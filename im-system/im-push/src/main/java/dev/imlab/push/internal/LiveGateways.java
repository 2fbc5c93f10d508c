package dev.imlab.push.internal;

import dev.imlab.routing.GatewayRegistry;
import java.time.Duration;
import java.util.Set;

/**
 * The live gateway set, and the guard against pushing to nobody after Redis lost its data.
 *
 * <p>The set is re-read at most every {@link #REFRESH_MS}: it changes rarely, pushes are many.
 *
 * <p>Call {@link #get()} <em>after</em> issuing the route lookup on the same Redis connection: it
 * also checks Redis's epoch, and Redis answers one connection's commands in order. If Redis
 * started empty less than {@code grace} ago, routes of connected devices may still be missing
 * (each gateway re-asserts its own within a heartbeat), so treating those devices as offline
 * would drop their pushes for good: a connected device never syncs again by itself. The batch
 * fails instead and is retried once the gateways have had time to re-assert. Checking after
 * the lookup makes the check cover it: a flush before or during the lookup shows here.
 */
public final class LiveGateways {
    static final long REFRESH_MS = 500;

    private final GatewayRegistry registry;
    private final long graceMs;
    private Set<String> cached = Set.of();
    private long readAt = Long.MIN_VALUE / 2;

    /** @param grace how long gateways may take to re-assert routes after Redis lost them: a few heartbeats */
    public LiveGateways(GatewayRegistry registry, Duration grace) {
        this.registry = registry;
        this.graceMs = grace.toMillis();
    }

    /** Called from the push loop's one thread only; throws to have the batch retried. */
    public Set<String> get() throws Exception {
        long now = System.currentTimeMillis();
        long epoch = registry.redisEpoch(now).get();
        if (now - epoch < graceMs) {
            throw new IllegalStateException("Redis started empty " + (now - epoch)
                    + " ms ago; waiting for gateways to re-assert their routes");
        }
        if (now - readAt >= REFRESH_MS) {
            cached = registry.alive().get();
            readAt = now;
        }
        return cached;
    }
}
