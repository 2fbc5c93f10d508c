package dev.imlab.gateway.ws;

import dev.imlab.gateway.limits.Limits;
import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a device's frames: rate limit, decode, validate, dispatch. Every refusal becomes an
 * {@code error} frame and the connection stays open; only a frame over
 * {@link FrameCodec#MAX_FRAME_BYTES} closes it (status 1009). Shared by all connections: the
 * per-connection state is the {@link Session} in the channel's attribute.
 */
@ChannelHandler.Sharable
public final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private final FrameCodec codec;
    private final RequestDispatcher dispatcher;
    private final SessionLifecycle lifecycle;
    private final Limits limits;

    public FrameHandler(FrameCodec codec, RequestDispatcher dispatcher, SessionLifecycle lifecycle, Limits limits) {
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.limits = limits;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        Session session = ctx.channel().attr(SessionLifecycle.SESSION).get();
        session.touch();
        long now = System.nanoTime();
        long retryAfterMs = session.rateLimiter().tryAcquire(now);
        boolean forBytes = false;
        if (retryAfterMs == 0) {
            retryAfterMs = session.rateLimiter().tryAcquireBytes(now, frame.content().readableBytes());
            forBytes = true;
        }
        if (retryAfterMs > 0) {
            limits.refusedFrame(forBytes);
            session.write(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "too many " + (forBytes ? "bytes" : "requests")
                    + " on this connection, retry in " + retryAfterMs + " ms", null, retryAfterMs));
            return;
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            session.write(new ServerFrame.Error(ErrorCode.BAD_FRAME, "only text frames holding JSON are accepted, got "
                    + frame.getClass().getSimpleName(), null, null));
            return;
        }
        ClientFrame request;
        try {
            request = codec.decodeClient(text.text());
        } catch (ImException e) {
            session.write(new ServerFrame.Error(e.code(), e.getMessage(), e.ref(), e.retryAfterMs()));
            return;
        }
        dispatcher.dispatch(session, request);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            lifecycle.opened(ctx.channel().attr(SessionLifecycle.SESSION).get());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Session session = ctx.channel().attr(SessionLifecycle.SESSION).get();
        if (session != null) {
            lifecycle.closed(session);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit: the same answer as one frame over it.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "frame is over " + FrameCodec.MAX_FRAME_BYTES + " bytes")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (cause instanceof Error) {
            // Not a client's doing but a bug of ours (a lab's LabNotDone among them): it must be seen.
            log.error("closing {} after {}", ctx.channel(), cause.toString(), cause);
        } else {
            log.debug("closing {} after {}", ctx.channel(), cause.toString());
        }
        ctx.close();
    }
}
