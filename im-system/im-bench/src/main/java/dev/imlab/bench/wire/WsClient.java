package dev.imlab.bench.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lean WebSocket client for many connections: one event loop group for all of them, no thread
 * per connection (the JDK client the SDK uses costs a few threads and tens of KB each, which
 * would make the client, not the gateway, the thing measured).
 */
public final class WsClient implements AutoCloseable {
    /** A push of a 4 KiB body is well under this; a sync_result of many conversations is not, but the bench never asks. */
    private static final int MAX_FRAME_BYTES = 65_536;
    private static final int HANDSHAKE_TIMEOUT_MS = 30_000;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;

    public WsClient(int threads) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Connects and completes the WebSocket handshake.
     *
     * @param wsUri e.g. {@code ws://127.0.0.1:8080/ws?token=...}
     * @param localAddress source address to bind (127.0.0.2, ...), or null for any
     */
    public CompletableFuture<WsConnection> connect(URI wsUri, String localAddress, WsListener listener) {
        CompletableFuture<WsConnection> done = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(wsUri).version(WebSocketVersion.V13).customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(MAX_FRAME_BYTES).handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                .absoluteUpgradeUrl(false).dropPongFrames(true).build();
        WsConnection connection = new WsConnection(listener);
        Bootstrap b = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_MS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                                new FrameHandler(connection, done));
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(wsUri.getHost(), wsUri.getPort());
        var future = localAddress == null ? b.connect(remote) : b.connect(remote, new InetSocketAddress(localAddress, 0));
        future.addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
            }
        });
        return done;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final WsConnection connection;
        private final CompletableFuture<WsConnection> handshake;

        FrameHandler(WsConnection connection, CompletableFuture<WsConnection> handshake) {
            this.connection = connection;
            this.handshake = handshake;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                connection.attach(ctx.channel());
                handshake.complete(connection);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            connection.listener().onText(connection, frame.text());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshake.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
            connection.closed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Used by tests and the connections worker to see which transport runs. */
    public static String transport() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

}
