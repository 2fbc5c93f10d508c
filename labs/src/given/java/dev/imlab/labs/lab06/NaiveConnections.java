package dev.imlab.labs.lab06;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The wrong way to hold connections, to compare with yours: a first Netty server as it often
 * looks, every part of it reasonable for ten connections. Each connection gets
 *
 * <ul>
 * <li>an {@link IdleStateHandler}, which schedules a check on the connection's event loop and
 *     schedules it again each time it runs: one pending task per connection, in a queue the event
 *     loop re-orders on every schedule;
 * <li>a server-side ping, {@code scheduleAtFixedRate} every 25 s: a second task per connection;
 * <li>a 16 KiB read buffer on the heap, allocated up front, to assemble frames in: most devices
 *     send a ping a minute, so it sits empty;
 * <li>a {@link HashMap} of attributes sized for 1,024 entries, "to be safe";
 * </ul>
 *
 * and {@link #push} writes whatever it is given, whether the device reads or not: a device on a
 * train in a tunnel stops reading, and its pushes pile up in the gateway's memory.
 * {@code ManyConnectionsTest} and {@code SlowReaderTest} print its numbers next to yours.
 */
public final class NaiveConnections {
    static final int READ_BUFFER_BYTES = 16 * 1024;
    static final Duration PING_EVERY = Duration.ofSeconds(25);

    private NaiveConnections() {
    }

    /** The pipeline of each connection: close it when it sends nothing for {@code idleTimeout}. */
    public static ChannelInitializer<Channel> initializer(Duration idleTimeout) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline()
                        .addLast(new IdleStateHandler(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS))
                        .addLast(new NaiveConnection());
            }
        };
    }

    /** Writes the frame, always, and does not look back. */
    public static boolean push(Channel channel, ByteBuf frame) {
        channel.writeAndFlush(frame);
        return true;
    }

    private static final class NaiveConnection extends ChannelInboundHandlerAdapter {
        private final ByteBuf readBuffer = Unpooled.buffer(READ_BUFFER_BYTES);
        private final Map<String, Object> attributes = new HashMap<>(1024);
        private ScheduledFuture<?> pings;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            attributes.put("connectedAt", System.currentTimeMillis());
            pings = ctx.executor().scheduleAtFixedRate(() -> { /* a ping frame would go here */ },
                    PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ByteBuf bytes) {
                    readBuffer.clear().writeBytes(bytes, Math.min(bytes.readableBytes(), readBuffer.writableBytes()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pings.cancel(false);
            readBuffer.release();
            ctx.fireChannelInactive();
        }
    }
}
