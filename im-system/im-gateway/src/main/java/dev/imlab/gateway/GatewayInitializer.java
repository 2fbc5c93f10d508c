package dev.imlab.gateway;

import dev.imlab.gateway.http.HttpRequestHandler;
import dev.imlab.gateway.limits.Limits;
import dev.imlab.gateway.ws.FrameHandler;
import dev.imlab.protocol.frame.FrameCodec;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;

/**
 * The gateway's pipeline, in the order bytes travel: TLS when a certificate is configured, HTTP (a
 * bounded body, each request complete within its deadline), then (at {@code /ws}, after the token
 * check) WebSocket frames of at most {@link FrameCodec#MAX_FRAME_BYTES}, then the device's requests.
 * The limits are {@link Limits}.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
    static final int HANDSHAKE_TIMEOUT_MS = 10_000;

    private final HttpRequestHandler http;
    private final FrameHandler frames;
    private final Limits limits;
    private final SslContext tls;
    private final WebSocketServerProtocolConfig websocket = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(HttpRequestHandler.WEBSOCKET_PATH)
            .checkStartsWith(true) // the token comes as ?token=...
            .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(FrameCodec.MAX_FRAME_BYTES) // larger: close with 1009
                    .build())
            .build();

    /** @param tls null: plain HTTP and ws:// */
    GatewayInitializer(HttpRequestHandler http, FrameHandler frames, Limits limits, SslContext tls) {
        this.http = http;
        this.frames = frames;
        this.limits = limits;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline p = channel.pipeline();
        if (tls != null) {
            p.addLast("tls", tls.newHandler(channel.alloc())); // HTTPS and wss:// only; the upgrade sees the SslHandler
        }
        p.addLast("http", new HttpServerCodec());
        p.addLast("http-aggregator", limits.newAggregator()); // a body over imlab.limits.max-http-body: 413
        if (limits.enabled()) {
            p.addLast("deadlines", limits.newDeadline()); // slowloris: a half-sent request, a silent upgrade
        }
        p.addLast("http-requests", http);
        p.addLast("websocket", new WebSocketServerProtocolHandler(websocket));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(FrameCodec.MAX_FRAME_BYTES));
        p.addLast("frames", frames);
    }
}
