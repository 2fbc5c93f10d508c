package dev.imlab.client.fake;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for the imlab gateway, speaking the real WebSocket wire of PROTOCOL.md.
 *
 * <p>It checks the token at the handshake, records every client frame, and answers on its own
 * only what needs no script: {@code sync} and {@code pull} from its {@link FakeStore} (with the
 * v2 fields: {@code minSeq}, {@code readSeq}, {@code unread}, {@code peerReadSeq}),
 * {@code ping} with {@code pong}, {@code ack} by moving the cursor, {@code read} by moving the
 * read seq (or refusing one beyond the last seq, as the server does). A test answers
 * {@code send} and {@code recall} itself, and pushes, expires, drops and kicks when it wants to.
 */
public final class FakeImServer implements AutoCloseable {
    public static final String GOOD_TOKEN = "good-token";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    private final FrameCodec codec = new FrameCodec();
    private final FakeStore store = new FakeStore();
    private final ReceivedFrames received = new ReceivedFrames();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<Channel> connections = new CopyOnWriteArrayList<>();
    private final List<Long> connectedAtNanos = new CopyOnWriteArrayList<>();
    private volatile boolean answerPulls = true;

    public FakeImServer() {
        tokens.add(GOOD_TOKEN);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws").checkStartsWith(true)
                .sendCloseFrame(null) // so that drop() is a TCP close with no close frame, like a crash
                .build();
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(FrameCodec.MAX_FRAME_BYTES),
                                new HttpRoutes(), new WebSocketServerProtocolHandler(ws), new Frames());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort());
    }

    public ReceivedFrames received() {
        return received;
    }

    /** Adds a stored message, as if it had been sent while the client was away. */
    public void store(Message message) {
        store.add(message);
    }

    public void cursor(String conversationId, long ackedSeq) {
        store.cursor(conversationId, ackedSeq);
    }

    /** Messages below {@code minSeq} expire: later syncs and pulls carry it, and pulls leave them out. */
    public void expire(String conversationId, long minSeq) {
        store.expire(conversationId, minSeq);
    }

    /** The user's read seq, as sync tells it (moved also by the client's {@code read} frames). */
    public void readSeq(String conversationId, long seq) {
        store.read(conversationId, seq);
    }

    /** In a single chat, the other user's read seq, as sync tells it ({@code peerReadSeq}). */
    public void peerReadSeq(String conversationId, long seq) {
        store.peerRead(conversationId, seq);
    }

    /** The stored message {@code seq} was recalled: pulls show it with {@code recalled} and no body. */
    public void recalled(String conversationId, long seq) {
        store.recalled(conversationId, seq);
    }

    /** Off: pulls are recorded but left for the test to answer. */
    public void answerPulls(boolean on) {
        answerPulls = on;
    }

    /** From now on, every token is refused until a new one is fetched from {@code /api/v1/auth/token}. */
    public void revokeTokens() {
        tokens.clear();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** When connection number {@code n} (1, 2, ...) finished its handshake, on {@link System#nanoTime()}. */
    public long connectedAtNanos(int n) {
        return connectedAtNanos.get(n - 1);
    }

    /** Whether connection number {@code n} (1, 2, ...) is still open. */
    public boolean isOpen(int n) {
        return connections.get(n - 1).isActive();
    }

    /**
     * Sends {@code frame} on the latest connection. A {@code push} or {@code send_ack} counts as
     * stored from then on (sync's {@code maxSeq}, pulls, the check of {@code read}), as the real
     * server sends them only for stored messages.
     */
    public void send(ServerFrame frame) {
        if (frame instanceof ServerFrame.Push push) {
            store.add(push.message());
        } else if (frame instanceof ServerFrame.SendAck ack) {
            store.exists(ack.conversationId(), ack.seq());
        }
        sendRaw(codec.encode(frame));
    }

    public void sendRaw(String text) {
        latest().writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }

    /** Sends one text frame as a first fragment and a continuation, split at {@code at}. */
    public void sendInTwoParts(ServerFrame frame, int at) {
        String text = codec.encode(frame);
        Channel channel = latest();
        channel.write(new TextWebSocketFrame(false, 0, text.substring(0, at)));
        channel.writeAndFlush(new ContinuationWebSocketFrame(true, 0, text.substring(at))).syncUninterruptibly();
    }

    /** Closes the TCP connection without a WebSocket close frame, as a crashing server would. */
    public void drop() {
        latest().close().syncUninterruptibly();
    }

    /** What PROTOCOL.md says happens to the older connection of a device: {@code kicked}, then status 4001. */
    public void kick(String reason) {
        Channel channel = latest();
        channel.write(new TextWebSocketFrame(codec.encode(new ServerFrame.Kicked(reason))));
        channel.writeAndFlush(new CloseWebSocketFrame(4001, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        connections.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel latest() {
        if (connections.isEmpty()) {
            throw new AssertionError("no client has connected");
        }
        return connections.get(connections.size() - 1);
    }

    private void answer(Channel channel, ClientFrame frame) {
        if (frame instanceof ClientFrame.Sync) {
            write(channel, new ServerFrame.SyncResult(store.states()));
        } else if (frame instanceof ClientFrame.Pull p && answerPulls) {
            write(channel, new ServerFrame.PullResult(p.conversationId(), store.minSeq(p.conversationId()),
                    store.range(p.conversationId(), p.fromSeq(), p.toSeq(), p.limit())));
        } else if (frame instanceof ClientFrame.Ping) {
            write(channel, new ServerFrame.Pong());
        } else if (frame instanceof ClientFrame.Ack a) {
            store.cursor(a.conversationId(), a.seq());
        } else if (frame instanceof ClientFrame.Read r) {
            long maxSeq = store.maxSeq(r.conversationId());
            if (r.seq() > maxSeq) {
                write(channel, new ServerFrame.Error(ErrorCode.INVALID_FIELD, "read seq " + r.seq()
                        + " is beyond the last seq " + maxSeq + " of " + r.conversationId(), "read", null));
            } else {
                store.read(r.conversationId(), r.seq());
            }
        }
    }

    private void write(Channel channel, ServerFrame frame) {
        channel.writeAndFlush(new TextWebSocketFrame(codec.encode(frame)));
    }

    /** The token check at the handshake, and the one HTTP call the client makes by itself. */
    private final class HttpRoutes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest request)) {
                ctx.fireChannelRead(msg);
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (uri.path().equals("/ws")) {
                List<String> token = uri.parameters().getOrDefault("token", List.of());
                if (token.size() == 1 && tokens.contains(token.get(0))) {
                    ctx.fireChannelRead(request);
                } else {
                    request.release();
                    respond(ctx, HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"UNAUTHORIZED\",\"message\":\"bad token\"}");
                }
            } else if (uri.path().equals("/api/v1/auth/token")) {
                request.release();
                String token = "token-" + tokensIssued.incrementAndGet();
                tokens.add(token);
                respond(ctx, HttpResponseStatus.OK, "{\"token\":\"" + token + "\",\"expiresAt\":"
                        + (System.currentTimeMillis() + 3_600_000) + "}");
            } else {
                request.release();
                respond(ctx, HttpResponseStatus.NOT_FOUND, "{\"error\":\"NOT_FOUND\",\"message\":\"" + uri.path() + "\"}");
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String json) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                connectedAtNanos.add(System.nanoTime());
                connections.add(ctx.channel());
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ClientFrame decoded;
            try {
                decoded = codec.decodeClient(frame.text());
            } catch (ImException e) {
                write(ctx.channel(), new ServerFrame.Error(e.code(), e.getMessage(), e.ref(), null));
                return;
            }
            received.add(connections.indexOf(ctx.channel()) + 1, decoded);
            answer(ctx.channel(), decoded);
        }
    }
}
