package dev.imlab.push.internal;

import dev.imlab.routing.GatewayRegistry;
import java.util.Set;

/** The live gateway set, re-read at most every {@link #REFRESH_MS}: it changes rarely, pushes are many. */
public final class LiveGateways {
    static final long REFRESH_MS = 500;

    private final GatewayRegistry registry;
    private Set<String> cached = Set.of();
    private long readAt = Long.MIN_VALUE / 2;

    public LiveGateways(GatewayRegistry registry) {
        this.registry = registry;
    }

    /** Called from the push loop's one thread only. */
    public Set<String> get() throws Exception {
        long now = System.currentTimeMillis();
        if (now - readAt >= REFRESH_MS) {
            cached = registry.alive().get();
            readAt = now;
        }
        return cached;
    }
}
