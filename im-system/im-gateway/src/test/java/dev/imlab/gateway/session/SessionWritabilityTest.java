package dev.imlab.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.auth.Principal;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch of deliveries queues frames before one flush; frames queued but not yet flushed count
 * towards the write-buffer water mark. A device that reads must not look like a slow reader just
 * because its own batch filled the buffer: its pushes would be held back and re-sent out of order.
 */
class SessionWritabilityTest {
    private static final long GRACE_NANOS = 10_000_000_000L;
    private EmbeddedChannel channel;
    private Session session;

    @BeforeEach
    void openSession() {
        channel = new EmbeddedChannel();
        channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256, 512));
        session = new Session(channel, new Principal("bob", "phone"), 0, new RateLimiter(100, 100, 0),
                new FrameWriter(new FrameCodec()));
        session.open();
    }

    private static ServerFrame.Push push(long seq) {
        return new ServerFrame.Push(new Message("si_alice_bob", seq, "alice", "x".repeat(100), "c" + seq, 1000, null));
    }

    @Test
    void framesQueuedByTheBatchItself_areFlushed_andTheDeviceStaysWritable() {
        for (long seq = 1; seq <= 10; seq++) {
            session.queue(push(seq));
        }
        assertThat(channel.isWritable()).as("ten queued frames are over the 512-byte mark").isFalse();

        assertThat(session.writableOrGivenUp(GRACE_NANOS)).isTrue();
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.outboundMessages()).hasSize(10);
        channel.releaseOutbound();
    }

    @Test
    void queuedFrames_leaveOnlyWithTheFlush() {
        session.queue(push(1));
        session.queue(push(2));
        assertThat(channel.outboundMessages()).isEmpty();

        session.flush();

        assertThat(channel.outboundMessages()).hasSize(2);
        channel.releaseOutbound();
    }
}
