package dev.imlab.labs.lab06;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;

/**
 * The pipeline of every device connection, and the limit on what the gateway queues for it: a
 * device that stops reading must not make the gateway buffer its pushes without end.
 */
public final class ConnectionInitializer extends ChannelInitializer<Channel> {
    /**
     * Once a connection has 16 KiB queued beyond what the kernel took, it turns unwritable, and
     * writable again below 8 KiB. 16 KiB is about 50 pushes waiting, more than a burst; and
     * 100,000 connections × 16 KiB is 1.6 GB, the worst case if every device stopped reading at
     * once. Netty's default, 64 KiB, would make that 6.4 GB.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024, 16 * 1024);

    private final HeartbeatWheel wheel;

    public ConnectionInitializer(HeartbeatWheel wheel) {
        this.wheel = wheel;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        channel.pipeline().addLast("connection", new Connection(wheel));
    }
}
