package dev.imlab.labs.lab06;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One device's connection: the last handler of its pipeline, and everything the gateway keeps
 * for it. A gateway holds 100,000 of these: every field costs 100,000 times.
 *
 * <p>Three fields: the wheel (shared), the channel, and the time of the last read, which the
 * event loop writes and the wheel's thread reads, hence volatile. No buffer of its own: Netty's
 * pooled allocator lends each read a buffer for as long as the read takes.
 */
public final class Connection extends ChannelInboundHandlerAdapter {
    private final HeartbeatWheel wheel;
    private volatile Channel channel;
    private volatile long lastReadNanos;

    public Connection(HeartbeatWheel wheel) {
        this.wheel = wheel;
    }

    /** The connection is up: the wheel starts watching it. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        lastReadNanos = wheel.now();
        wheel.watch(this);
        ctx.fireChannelActive();
    }

    /** The device sent something: in this lab only pings, which end here (release them). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = wheel.now();
        ReferenceCountUtil.release(msg);
    }

    /**
     * A failed write or a reset connection: nothing to tell the device. Close; it reconnects and
     * syncs. (Passed on, it would reach the pipeline's end and be logged once per failed write.)
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** The connection's channel, once it is active. */
    public Channel channel() {
        return channel;
    }

    /** When the device last sent anything, by the wheel's clock; when it connected, if it has sent nothing yet. */
    public long lastReadNanos() {
        return lastReadNanos;
    }
}
