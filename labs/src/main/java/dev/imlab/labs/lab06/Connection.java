package dev.imlab.labs.lab06;

import dev.imlab.labs.LabNotDone;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One device's connection: the last handler of its pipeline, and everything the gateway keeps
 * for it. A gateway holds 100,000 of these: every field costs 100,000 times.
 */
public final class Connection extends ChannelInboundHandlerAdapter {

    public Connection(HeartbeatWheel wheel) {
        // Netty catches what a handler throws on its event loop; thrown here, this message reaches you.
        throw new LabNotDone(Connection.class, "Connection(wheel)");
    }

    /** The connection is up: the wheel starts watching it. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        throw new LabNotDone(Connection.class, "channelActive");
    }

    /** The device sent something: in this lab only pings, which end here (release them). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        throw new LabNotDone(Connection.class, "channelRead");
    }

    /** The connection's channel, once it is active. */
    public Channel channel() {
        throw new LabNotDone(Connection.class, "channel");
    }

    /** When the device last sent anything, by the wheel's clock; when it connected, if it has sent nothing yet. */
    public long lastReadNanos() {
        throw new LabNotDone(Connection.class, "lastReadNanos");
    }
}
