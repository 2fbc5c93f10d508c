package dev.imlab.gateway.limits;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris: a connection must not hold a socket without ever finishing what it started.
 *
 * <ol>
 * <li>Each HTTP request, the WebSocket upgrade included, must be complete {@code handshakeTimeout}
 *     after the connection opened, or after the previous answer went out (keep-alive); otherwise the
 *     connection is closed without an answer. Netty's own handshake timeout starts only once the
 *     upgrade request is complete, so a request sent a header at a time escaped it. An idle
 *     keep-alive connection is closed after the same time, but not counted as a refusal: browsers
 *     keep them open on purpose.
 * <li>After the upgrade, the first frame must come within {@code firstFrameTimeout}; otherwise the
 *     connection is closed with status 1008 (policy violation). From the first frame on, the idle
 *     timeout watches the connection, and this handler leaves the pipeline.
 * </ol>
 *
 * <p>One instance per connection, placed after the HTTP aggregator: it sees whole requests coming
 * in, every answer going out, and (the HTTP handlers gone) the WebSocket frames.
 */
final class DeadlineHandler extends ChannelDuplexHandler {
    private final long handshakeNanos;
    private final long firstFrameNanos;
    private final Refusals refusals;
    private ScheduledFuture<?> timer;

    DeadlineHandler(Duration handshakeTimeout, Duration firstFrameTimeout, Refusals refusals) {
        this.handshakeNanos = handshakeTimeout.toNanos();
        this.firstFrameNanos = firstFrameTimeout.toNanos();
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        armForRequest(ctx, true);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest) {
            cancel(); // the request is in; its answer may take a while (BCrypt), and re-arms the deadline
        } else if (msg instanceof WebSocketFrame) {
            cancel();
            ctx.pipeline().remove(this);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            if (response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                arm(ctx, firstFrameNanos, () -> {
                    refusals.count(Limit.FIRST_FRAME_TIMEOUT);
                    ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION,
                            "no frame within " + TimeUnit.NANOSECONDS.toMillis(firstFrameNanos) + " ms of the upgrade"))
                            .addListener(ChannelFutureListener.CLOSE);
                });
            } else {
                armForRequest(ctx, false);
            }
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** @param counted whether closing the connection then is counted: not for an idle keep-alive connection */
    private void armForRequest(ChannelHandlerContext ctx, boolean counted) {
        arm(ctx, handshakeNanos, () -> {
            if (counted) {
                refusals.count(Limit.HANDSHAKE_TIMEOUT);
            }
            ctx.close();
        });
    }

    private void arm(ChannelHandlerContext ctx, long nanos, Runnable onExpiry) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (ctx.channel().isActive()) {
                onExpiry.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
