package dev.imlab.bench.peers.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one client side of the peers scenario: every connection to every system (imlab's WebSocket,
 * XMPP over WebSocket, MQTT over TCP) runs on the same few event loop threads with the same socket
 * options, so the load generator costs each system the same.
 *
 * @implNote Not {@code wire.WsClient}: XMPP over WebSocket (RFC 7395) names the {@code xmpp}
 *     subprotocol in the handshake, which WsClient has no parameter for, and MQTT is not a
 *     WebSocket at all. The WebSocket part here follows WsClient's choices (aggregated frames up to
 *     64 KiB, TCP_NODELAY, 32/64 KiB write water marks).
 */
public final class ClientTransport implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 65_536;
    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;

    public ClientTransport(int threads) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** What a WebSocket connection hears, on its event loop thread. */
    public interface TextHandler {
        void onText(Channel channel, String text);

        void onClose(Channel channel);
    }

    /**
     * Connects and completes the WebSocket handshake; the future gives the open channel.
     *
     * @param subprotocol the {@code Sec-WebSocket-Protocol} to ask for, or null
     */
    public CompletableFuture<Channel> webSocket(URI uri, String subprotocol, TextHandler handler) {
        CompletableFuture<Channel> open = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).subprotocol(subprotocol).version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders()).maxFramePayloadLength(MAX_FRAME_BYTES)
                .handshakeTimeoutMillis(CONNECT_TIMEOUT_MS).absoluteUpgradeUrl(false).dropPongFrames(true).build();
        connect(uri.getHost(), uri.getPort(), open, () -> new ChannelHandler[] {
            new HttpClientCodec(), new HttpObjectAggregator(8192), new WebSocketClientProtocolHandler(config),
            new WebSocketFrameAggregator(MAX_FRAME_BYTES), new TextFrames(handler, open)});
        return open;
    }

    /**
     * Connects a plain TCP socket with {@code handlers} after it; the future completes when the
     * socket is connected (the protocol's own handshake is the handlers' business).
     */
    public CompletableFuture<Channel> tcp(String host, int port, Supplier<ChannelHandler[]> handlers) {
        CompletableFuture<Channel> open = new CompletableFuture<>();
        connect(host, port, null, handlers).addListener(f -> {
            if (f.isSuccess()) {
                open.complete(((io.netty.channel.ChannelFuture) f).channel());
            } else {
                open.completeExceptionally(f.cause());
            }
        });
        return open;
    }

    private io.netty.channel.ChannelFuture connect(String host, int port, CompletableFuture<Channel> failOnError,
                                                   Supplier<ChannelHandler[]> handlers) {
        Bootstrap b = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers.get());
                    }
                });
        var future = b.connect(new InetSocketAddress(host, port));
        if (failOnError != null) {
            future.addListener(f -> {
                if (!f.isSuccess()) {
                    failOnError.completeExceptionally(f.cause());
                }
            });
        }
        return future;
    }

    /** Runs {@code task} on the channel's event loop: now if already on it, else queued there. */
    public static void onEventLoop(Channel channel, Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Writes one text frame; from any thread (Netty hands it to the channel's event loop). */
    public static void sendText(Channel channel, String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class TextFrames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final TextHandler handler;
        private final CompletableFuture<Channel> open;

        TextFrames(TextHandler handler, CompletableFuture<Channel> open) {
            this.handler = handler;
            this.open = open;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open.complete(ctx.channel());
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                open.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            handler.onText(ctx.channel(), frame.text());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.completeExceptionally(new IllegalStateException("closed before the WebSocket handshake completed"));
            handler.onClose(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            open.completeExceptionally(cause);
            ctx.close();
        }
    }
}
