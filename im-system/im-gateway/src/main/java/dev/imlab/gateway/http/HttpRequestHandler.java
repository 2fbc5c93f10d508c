package dev.imlab.gateway.http;

import dev.imlab.gateway.auth.Authenticator;
import dev.imlab.gateway.cluster.ClusterBoard;
import dev.imlab.gateway.cluster.InstanceStats;
import dev.imlab.gateway.internal.Futures;
import dev.imlab.gateway.limits.Limits;
import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.gateway.ws.SessionLifecycle;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request: the API, static pages, and the WebSocket upgrade at {@code /ws}, whose
 * token is checked here, before any upgrade: a missing, forged, expired or revoked token, or one
 * of an unregistered user, gets a plain HTTP 401 and the connection never becomes a WebSocket.
 */
@ChannelHandler.Sharable
public final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);
    public static final String WEBSOCKET_PATH = "/ws";
    public static final String STATS_PATH = "/api/v1/stats";
    /** Prometheus scrapes this process's metrics here. */
    public static final String METRICS_PATH = "/metrics";
    /** Which gateway a new client should connect to (imlab extension; docs: cluster.adoc). */
    public static final String DISPATCH_PATH = "/api/v1/dispatch";

    private final ApiRoutes api;
    private final StaticPages pages;
    private final Authenticator authenticator;
    private final SessionLifecycle sessions;
    private final GatewayStats stats;
    private final Supplier<String> prometheus;
    private final Limits limits;
    private final ClusterBoard cluster;
    private final BooleanSupplier draining;
    private final TrustedProxies proxies;

    /** @param draining true while the gateway drains before it stops: upgrades are refused with 503 */
    public HttpRequestHandler(ApiRoutes api, StaticPages pages, Authenticator authenticator, SessionLifecycle sessions,
                              GatewayStats stats, Supplier<String> prometheus, Limits limits, ClusterBoard cluster,
                              BooleanSupplier draining, TrustedProxies proxies) {
        super(false); // a /ws request travels on to the handshake; others are released here
        this.api = api;
        this.pages = pages;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.stats = stats;
        this.prometheus = prometheus;
        this.limits = limits;
        this.cluster = cluster;
        this.draining = draining;
        this.proxies = proxies;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = pathOrNull(uri);
        String client = proxies.clientOf(ctx.channel(), request.headers()); // what every per-address limit counts
        if (WEBSOCKET_PATH.equals(path)) {
            upgrade(ctx, request, uri, client);
            return;
        }
        try {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            ImException limited = refusal(() -> limits.checkHttp(client, path));
            if (limited != null) {
                HttpResponses.error(ctx, keepAlive, limited);
            } else if (!request.decoderResult().isSuccess() || path == null) {
                // A path with a broken %-escape (found by GatewayFuzzTest) used to close the connection unanswered.
                HttpResponses.error(ctx, false, ErrorCode.BAD_REQUEST, "malformed HTTP request: "
                        + (path == null ? "the path is not valid %-encoding" : "the request line or headers"));
            } else if (path.equals(STATS_PATH) && request.method().name().equals("GET")) {
                HttpResponses.json(ctx, keepAlive, 200, stats.snapshot()); // per gateway, so not in ApiRoutes
            } else if (path.equals(DISPATCH_PATH) && request.method().name().equals("GET")) {
                dispatch(ctx, keepAlive);
            } else if (path.equals(METRICS_PATH) && request.method().name().equals("GET")) {
                HttpResponses.write(ctx, keepAlive, 200, "text/plain; version=0.0.4; charset=utf-8",
                        prometheus.get().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/api/")) {
                api(ctx, request, path, keepAlive, client);
            } else {
                pages.serve(ctx, request.method().name(), path, keepAlive);
            }
        } finally {
            request.release();
        }
    }

    /**
     * The gateway a new client should use, from the cluster's reports (see {@link ClusterBoard#dispatch}):
     * its public HTTP and WebSocket addresses. 503 while no ready gateway has reported (a client then
     * uses the address it was configured with, or tries again).
     */
    private void dispatch(ChannelHandlerContext ctx, boolean keepAlive) {
        InstanceStats gateway = cluster.dispatch().orElse(null);
        if (gateway == null) {
            HttpResponses.error(ctx, keepAlive, ErrorCode.UNAVAILABLE, "no ready gateway has reported to the cluster yet");
            return;
        }
        String http = gateway.publicUrl();
        String ws = (http.startsWith("https:") ? "wss:" : "ws:") + http.substring(http.indexOf(':') + 1) + WEBSOCKET_PATH;
        HttpResponses.json(ctx, keepAlive, 200, new Dispatch(gateway.gatewayId(), http, ws, gateway.connections()));
    }

    /**
     * The answer of {@code GET /api/v1/dispatch}.
     *
     * @param gatewayId   the chosen gateway's id
     * @param http        its HTTP base address, for the API
     * @param ws          its WebSocket address; add {@code ?token=...}
     * @param connections the connections it held at its last report
     */
    public record Dispatch(String gatewayId, String http, String ws, long connections) {
    }

    /** The decoded path, or null when it has a broken %-escape (Netty decodes lazily, and throws then). */
    private static String pathOrNull(QueryStringDecoder uri) {
        try {
            return uri.path();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The refusal a limit's check throws, or null when it lets the request through. */
    private static ImException refusal(Runnable check) {
        try {
            check.run();
            return null;
        } catch (ImException e) {
            return e;
        }
    }

    private void api(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean keepAlive, String client) {
        String body = request.content().toString(StandardCharsets.UTF_8);
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        api.handle(request.method().name(), path, authorization, body, client).whenComplete((answer, error) -> {
            if (error == null) {
                HttpResponses.json(ctx, keepAlive, answer.status(), answer.body());
                return;
            }
            Throwable cause = Futures.cause(error);
            if (cause instanceof ImException e) {
                HttpResponses.error(ctx, keepAlive, e);
            } else {
                log.warn("{} {} failed", request.method(), path, cause);
                HttpResponses.error(ctx, keepAlive, ErrorCode.UNAVAILABLE, "the server cannot answer now: retry");
            }
        });
    }

    /** 503 while the gateway drains: the client retries through the load balancer, which sends it elsewhere. */
    private void refuseWhileDraining() {
        if (draining.getAsBoolean()) {
            throw ErrorCode.UNAVAILABLE.exception("this gateway is draining before it stops: connect again, through "
                    + "the load balancer, to another one");
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String client) {
        if (!ctx.channel().isActive()) {
            // A request cut short by the connection's close (a deadline, the client) is handed up as the
            // channel goes inactive; upgrading it would register a route for a connection that is gone.
            request.release();
            return;
        }
        String token;
        try {
            refuseWhileDraining();
            limits.checkHandshake(client); // 429 before the token's HMAC is even computed
            List<String> tokens = uri.parameters().get("token");
            token = tokens == null || tokens.isEmpty() ? null : tokens.get(0);
        } catch (ImException e) {
            request.release();
            HttpResponses.error(ctx, false, e);
            return;
        } catch (IllegalArgumentException e) { // a broken %-escape in the query
            request.release();
            HttpResponses.error(ctx, false, ErrorCode.BAD_REQUEST, "malformed HTTP request: the query is not valid %-encoding");
            return;
        }
        ctx.channel().config().setAutoRead(false); // nothing more until the token is checked and the session routed
        authenticator.authenticate(token)
                // On the channel's loop, and only while it is open: a session registered for a channel that
                // closed during the check would never see channelInactive, and its route would stay.
                .thenComposeAsync(principal -> {
                    if (!ctx.channel().isActive()) {
                        return CompletableFuture.failedFuture(new ClosedChannelException());
                    }
                    refuseWhileDraining(); // again: the drain may have begun while the token was checked
                    limits.admit(principal); // 503 when the gateway is full, 429 when the user has too many devices on it
                    return sessions.opening(ctx.channel(), principal);
                }, ctx.executor())
                .whenComplete((session, error) -> ctx.executor().execute(() -> {
                    ctx.channel().config().setAutoRead(true);
                    Throwable cause = error == null ? null : Futures.cause(error);
                    if (cause == null && !authenticator.stillValid(session.principal())) {
                        // Revoked while the session was being registered: the revocation found nothing to close.
                        cause = ErrorCode.UNAUTHORIZED.exception("token revoked while connecting");
                    }
                    if (cause != null) {
                        request.release();
                        if (cause instanceof ClosedChannelException) {
                            return; // the client left while its token was checked: no one to answer
                        }
                        if (cause instanceof ImException refusal) {
                            HttpResponses.error(ctx, false, refusal);
                        } else {
                            log.warn("cannot open a session: {}", cause.toString());
                            HttpResponses.error(ctx, false, ErrorCode.UNAVAILABLE, "cannot register the connection now: retry");
                        }
                        return;
                    }
                    ctx.pipeline().addBefore("frames", "frame-stats", stats.frameCounter());
                    ctx.pipeline().remove(this); // from here on only WebSocket frames
                    ctx.fireChannelRead(request);
                }));
    }
}
