package dev.imlab.labs.lab06;

import dev.imlab.labs.LabNotDone;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The pipeline of every device connection, and the limit on what the gateway queues for it: a
 * device that stops reading must not make the gateway buffer its pushes without end.
 */
public final class ConnectionInitializer extends ChannelInitializer<Channel> {

    public ConnectionInitializer(HeartbeatWheel wheel) {
        // Netty catches what a handler throws on its event loop; thrown here, this message reaches you.
        throw new LabNotDone(ConnectionInitializer.class, "ConnectionInitializer(wheel)");
    }

    @Override
    protected void initChannel(Channel channel) {
        throw new LabNotDone(ConnectionInitializer.class, "initChannel");
    }
}
