package dev.imlab.labs.lab06;

import dev.imlab.gateway.delivery.PushWriting;
import dev.imlab.gateway.session.IdleWatch;
import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.HashedWheelTimer;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's idle eviction (im-gateway's {@code IdleWatch}) and push writing ({@code PushWriting})
 * done by your {@link HeartbeatWheel}, {@link ConnectionInitializer}, {@link Connection} and
 * {@link PushWriter}: what {@code Lab06Server} plugs into the real server.
 *
 * <p>The gateway's pipeline ends in its own handlers (HTTP, the WebSocket handshake, the frame
 * handler); yours joins each connection once its WebSocket handshake finished:
 * <ol>
 * <li>your {@link ConnectionInitializer} runs on the channel: it sets the channel's water marks
 *     and adds your {@link Connection} at the end of the pipeline, where it is in the lab;
 * <li>your connection gets {@code channelActive} then, and every WebSocket frame the device sends
 *     (a retained copy: release it, as in the lab), before the gateway's frame handler reads it;
 * <li>your wheel, on a Netty {@link HashedWheelTimer} of its own (100 ms ticks, as the gateway's),
 *     with the gateway's {@code imlab.gateway.idle-timeout}, closes connections that go silent;
 * <li>every push goes through your {@link PushWriter}: the gateway encodes the push frame's JSON
 *     into a buffer, and a small encoder the adapter adds wraps the bytes your writer writes in a
 *     WebSocket text frame (in the lab, bytes go out as they are).
 * </ol>
 *
 * A push that comes before the handshake finished is held by the gateway's session, as always.
 */
public final class WheelConnections implements IdleWatch, PushWriting {
    private static final Logger log = LoggerFactory.getLogger(WheelConnections.class);
    static final String FROM_GATEWAY = "lab06-from-gateway";
    static final String READS = "lab06-reads";
    static final String TEXT_FRAMES = "lab06-text-frames";

    private final HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("lab06-heartbeat-wheel", true),
            100, TimeUnit.MILLISECONDS, 512);
    private final HeartbeatWheel wheel;
    private final FrameCodec codec = new FrameCodec();

    /** @param idleTimeout the gateway's {@code imlab.gateway.idle-timeout} */
    public WheelConnections(Duration idleTimeout) {
        this.wheel = new HeartbeatWheel(timer, System::nanoTime, idleTimeout);
    }

    /** On the session's event loop, right after its WebSocket handshake. */
    @Override
    public void watch(Session session) {
        ChannelPipeline pipeline = session.channel().pipeline();
        try {
            // Your handlers go after this one: events fired from its context reach them, as in the lab.
            pipeline.addLast(FROM_GATEWAY, new ChannelInboundHandlerAdapter());
            pipeline.addLast(new ConnectionInitializer(wheel)); // registered channel: it runs now, then leaves
            ChannelHandlerContext yours = pipeline.context(FROM_GATEWAY);
            pipeline.addBefore("frames", READS, new Reads(yours));
            pipeline.addBefore("frames", TEXT_FRAMES, new TextFrames());
            yours.fireChannelActive();
        } catch (RuntimeException | Error e) { // LabNotDone, while your classes are not written yet
            log.error("lab06: a connection's pipeline failed; closing {}", session, e);
            session.channel().close();
        }
    }

    /** On the session's event loop: each push of the delivery path. */
    @Override
    public boolean write(Session session, ServerFrame.Push push) {
        if (session.channel().pipeline().get(TEXT_FRAMES) == null) {
            return PushWriting.SLOW_READER_GRACE.write(session, push); // handshake not finished: the session holds it
        }
        return PushWriter.push(session.channel(), encode(session, push));
    }

    private ByteBuf encode(Session session, ServerFrame frame) {
        ByteBuf buf = session.channel().alloc().buffer(256);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            codec.encode(frame, out);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return buf;
    }

    @Override
    public void close() {
        for (Timeout t : timer.stop()) {
            t.cancel();
        }
    }

    /** Hands your connection a copy of every frame the device sends, then the gateway its own. */
    private static final class Reads extends ChannelInboundHandlerAdapter {
        private final ChannelHandlerContext yours;

        Reads(ChannelHandlerContext yours) {
            this.yours = yours;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            yours.fireChannelRead(ReferenceCountUtil.retain(msg));
            ctx.fireChannelRead(msg);
        }
    }

    /** The bytes your {@link PushWriter} writes, as the WebSocket text frame the device reads. */
    private static final class TextFrames extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            out.add(new TextWebSocketFrame(bytes.retain()));
        }
    }
}
