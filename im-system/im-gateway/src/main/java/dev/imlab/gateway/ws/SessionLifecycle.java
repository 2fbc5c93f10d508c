package dev.imlab.gateway.ws;

import dev.imlab.bus.DeviceRef;
import dev.imlab.gateway.auth.Principal;
import dev.imlab.gateway.delivery.Kicker;
import dev.imlab.gateway.session.IdleWatch;
import dev.imlab.gateway.session.RateLimiter;
import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.FrameWriter;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.routing.RouteTable;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A device's connection from handshake to close.
 *
 * <p>Order matters: the session is registered here and its route in Redis <em>before</em> the
 * WebSocket handshake completes. A message stored after that is pushed; one stored before is
 * in the {@code sync} the device sends once connected. Registering after the handshake would
 * leave a window where a message is neither pushed nor synced (the "lost last push").
 */
public final class SessionLifecycle {
    public static final AttributeKey<Session> SESSION = AttributeKey.valueOf("imlab.session");

    private final String gatewayId;
    private final SessionRegistry registry;
    private final RouteTable routes;
    private final IdleWatch heartbeats;
    private final FrameWriter writer;
    private final Kicker kicker;
    private final Clock clock;
    private final LongFunction<RateLimiter> rateLimiters;
    private final Consumer<Session> onClosed;

    public SessionLifecycle(String gatewayId, SessionRegistry registry, RouteTable routes, IdleWatch heartbeats,
                            FrameWriter writer, Kicker kicker, Clock clock, LongFunction<RateLimiter> rateLimiters,
                            Consumer<Session> onClosed) {
        this.gatewayId = gatewayId;
        this.registry = registry;
        this.routes = routes;
        this.heartbeats = heartbeats;
        this.writer = writer;
        this.kicker = kicker;
        this.clock = clock;
        this.rateLimiters = rateLimiters;
        this.onClosed = onClosed;
    }

    /** Before the handshake: registers the session locally and in the route table. */
    public CompletableFuture<Session> opening(Channel channel, Principal principal) {
        Session session = new Session(channel, principal, clock.millis(),
                rateLimiters.apply(System.nanoTime()), writer);
        channel.attr(SESSION).set(session);
        Session replaced = registry.add(session);
        if (replaced != null) {
            replaced.channel().eventLoop().execute(() -> replaced.kick("the same device connected again"));
        }
        return routes.register(principal.userId(), principal.deviceId(), gatewayId).toCompletableFuture()
                .thenApply(previousGateway -> {
                    if (previousGateway != null && !previousGateway.equals(gatewayId)) {
                        kicker.kickRemote(previousGateway, new DeviceRef(principal.userId(), principal.deviceId()),
                                session.connectedAt());
                    }
                    return session;
                });
    }

    /** After the handshake: frames may flow. */
    void opened(Session session) {
        session.open();
        heartbeats.watch(session);
    }

    void closed(Session session) {
        if (registry.remove(session)) {
            routes.unregister(session.userId(), session.deviceId(), gatewayId);
        }
        onClosed.accept(session);
    }
}
