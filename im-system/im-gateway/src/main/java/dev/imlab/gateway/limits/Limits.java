package dev.imlab.gateway.limits;

import dev.imlab.gateway.auth.Principal;
import dev.imlab.gateway.internal.Futures;
import dev.imlab.gateway.session.RateLimiter;
import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's limits at every door, in the order a client meets them: the HTTP body, the
 * deadlines of a half-sent request or a silent upgraded connection, HTTP calls and handshakes per
 * address, registrations and logins ({@link LoginGuard}), connections per user and per gateway
 * ({@link ConnectionSlots}), and frames and bytes per connection ({@link RateLimiter}). Each
 * refusal is a documented answer (RATE_LIMITED / 429 with {@code retryAfterMs} and
 * {@code Retry-After}, UNAVAILABLE / 503 when the gateway is full, 413, a close) and is counted
 * in {@link Refusals}.
 *
 * <p>Counts live in this process: behind a load balancer, a client spread over N gateways gets up
 * to N times each per-address and per-user budget. Exact cluster-wide limits would keep the
 * buckets in Redis (a Lua script per take, a round trip per request), which this design avoids on
 * the hot path. A client address is the TCP peer: behind a reverse proxy it would be the proxy's,
 * and a proxy's {@code X-Forwarded-For} is trusted only when the proxy is known, which is why it is
 * not read here.
 */
public final class Limits {
    private static final int MAX_KEYS = 100_000;
    private static final Set<String> UNCOUNTED_PATHS = Set.of("/api/v1/health", "/metrics");

    private final LimitSettings settings;
    private final Refusals refusals;
    private final int frameRatePerSecond;
    private final int frameBurst;
    private final KeyedLimiter http;
    private final KeyedLimiter handshakes;
    private final KeyedLimiter registrations;
    private final LoginGuard logins;
    private final ConnectionSlots slots;

    /**
     * @param frameRatePerSecond frames per second per connection, on average ({@code imlab.gateway.rate-per-second})
     * @param frameBurst         frames per connection at once ({@code imlab.gateway.rate-burst})
     * @param idleTimeout        a dead connection is closed by then: what a user over its connections is told to wait
     * @param nanos              the clock of every bucket and lockout ({@code System::nanoTime}; tests move their own)
     */
    public Limits(LimitSettings settings, int frameRatePerSecond, int frameBurst, SessionRegistry registry,
                  Duration idleTimeout, MeterRegistry meters, LongSupplier nanos) {
        this(settings, frameRatePerSecond, frameBurst, registry, idleTimeout, meters, nanos, LimitParts.own());
    }

    /** @param parts the keyed buckets and login lockouts: the gateway's own, or a lab's (lab11) */
    public Limits(LimitSettings settings, int frameRatePerSecond, int frameBurst, SessionRegistry registry,
                  Duration idleTimeout, MeterRegistry meters, LongSupplier nanos, LimitParts parts) {
        this.settings = settings;
        this.refusals = new Refusals(meters);
        this.frameRatePerSecond = frameRatePerSecond;
        this.frameBurst = frameBurst;
        this.http = parts.buckets().create(settings.httpPerIp(), MAX_KEYS, nanos);
        this.handshakes = parts.buckets().create(settings.handshakesPerIp(), MAX_KEYS, nanos);
        this.registrations = parts.buckets().create(settings.registrationsPerIp(), MAX_KEYS, nanos);
        this.logins = new LoginGuard(settings, refusals, nanos, parts);
        this.slots = new ConnectionSlots(settings.connectionsPerUser(), settings.maxConnections(), idleTimeout.toNanos(),
                registry, refusals);
    }

    /** The client's address: the TCP peer's IP, as text. */
    public static String addressOf(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * An HTTP request other than the upgrade; RATE_LIMITED when the address made too many. Health
     * checks and metric scrapes come from the infrastructure, every few seconds, and are answered
     * from memory: they are not counted.
     */
    public void checkHttp(String address, String path) {
        if (path == null || !UNCOUNTED_PATHS.contains(path)) {
            take(http, settings.httpPerIp(), address, Limit.HTTP_PER_IP, "too many HTTP requests from this address");
        }
    }

    /** A WebSocket upgrade request; RATE_LIMITED when the address made too many. */
    public void checkHandshake(String address) {
        take(handshakes, settings.handshakesPerIp(), address, Limit.HANDSHAKES_PER_IP,
                "too many WebSocket handshakes from this address");
    }

    /** A registration; RATE_LIMITED when the address made too many. */
    public void checkRegistration(String address) {
        take(registrations, settings.registrationsPerIp(), address, Limit.REGISTRATIONS_PER_IP,
                "too many registrations from this address");
    }

    private void take(KeyedLimiter buckets, Rate rate, String address, Limit limit, String message) {
        if (!settings.enabled()) {
            return;
        }
        long wait = buckets.tryTake(address);
        if (wait > 0) {
            throw refusals.rateLimited(limit, message + " (limit " + rate + ")", wait);
        }
    }

    /**
     * Runs {@code login} (the BCrypt check, off the event loop) if {@link LoginGuard} lets it, and
     * tells the guard how it ended. A refused attempt throws RATE_LIMITED before any hashing.
     */
    public <T> CompletableFuture<T> login(String address, String userId, Supplier<CompletableFuture<T>> login) {
        if (!settings.enabled()) {
            return login.get();
        }
        LoginGuard.Attempt attempt = logins.begin(address, userId);
        CompletableFuture<T> result;
        try {
            result = login.get();
        } catch (RuntimeException e) {
            attempt.undecided();
            throw e;
        }
        return result.whenComplete((value, error) -> LoginGuard.finish(attempt,
                error == null ? null : Futures.cause(error)));
    }

    /**
     * Before the upgrade, the token checked: a slot for the device, or UNAVAILABLE (the gateway is
     * full: 503) or RATE_LIMITED (the user has too many devices connected: 429).
     */
    public void admit(Principal principal) {
        if (settings.enabled()) {
            slots.admit(principal);
        }
    }

    /** A session closed: frees its device's slot unless a newer connection of the device holds it. */
    public void closed(Session session) {
        if (settings.enabled()) {
            slots.closed(session);
        }
    }

    /** Frames and bytes per connection: a new connection's limiter. */
    public RateLimiter connectionLimiter(long nowNanos) {
        return settings.enabled()
                ? new RateLimiter(frameRatePerSecond, frameBurst, settings.bytesPerConnection(), nowNanos)
                : RateLimiter.unlimited();
    }

    /** A frame was refused by its connection's limiter. */
    public void refusedFrame(boolean forBytes) {
        refusals.count(forBytes ? Limit.BYTES_PER_CONNECTION : Limit.FRAMES_PER_CONNECTION);
    }

    /** The HTTP aggregator of a new connection; it answers a body over {@code max-http-body} with 413, limits on or off. */
    public ChannelHandler newAggregator() {
        return new BodyLimitAggregator(settings.maxHttpBody(), refusals);
    }

    /** The deadlines of a new connection (handshake, first frame); null when limits are off. */
    public ChannelHandler newDeadline() {
        return settings.enabled()
                ? new DeadlineHandler(settings.handshakeTimeout(), settings.firstFrameTimeout(), refusals) : null;
    }

    /** Devices holding a slot on this gateway (0 when limits are off). */
    public int connections() {
        return slots.connections();
    }
}
