package dev.imlab.bench.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;

/**
 * The baseline: the least a Netty 4.2 WebSocket server can hold a connection with. Same
 * transport (epoll), same HTTP upgrade at {@code /ws}, same frame limit as the gateway; it
 * authenticates nobody and echoes every text frame. Whatever the gateway costs per connection
 * beyond this is imlab's own: session, route, heartbeat, retransmit state.
 *
 * <p>Run: {@code java -cp im-bench.jar dev.imlab.bench.baseline.BareWebSocketServer <port>}.
 */
public final class BareWebSocketServer {
    private static final int MAX_FRAME_BYTES = 65_536;

    private BareWebSocketServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ChannelHandler echo = new Echo();
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws")
                .checkStartsWith(true).maxFramePayloadLength(MAX_FRAME_BYTES).build();
        Channel server = new ServerBootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_FRAME_BYTES),
                                new WebSocketServerProtocolHandler(ws), echo);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        System.out.println("listening " + port);
        server.closeFuture().sync();
    }

    @ChannelHandler.Sharable
    static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String text = frame.text();
            // The bench's pings look like imlab's; answer them the same way so both servers do the same work.
            ctx.writeAndFlush(new TextWebSocketFrame(text.contains("\"ping\"") ? "{\"type\":\"pong\"}" : text));
        }
    }
}
