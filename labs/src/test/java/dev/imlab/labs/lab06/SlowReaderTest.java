package dev.imlab.labs.lab06;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pushes to real devices over loopback: one that stops reading, one that keeps up. The server's
 * idle wheel runs on a {@link ManualTimer} that no one turns, so idleness plays no part here.
 */
@Tag("lab06")
class SlowReaderTest {
    /** About a push frame's size. */
    static final int FRAME_BYTES = 256;
    /** Far more than the kernel's socket buffers take: a push that never refuses queues most of it. */
    static final long PUSH_AT_MOST_BYTES = 64L * 1024 * 1024;
    /** What Netty counts per write handed over from another thread, besides the frame. */
    static final int WRITE_OVERHEAD_BYTES = 64;
    /** What the naive push gets to queue, to compare. */
    static final long NAIVE_PUSH_BYTES = 16L * 1024 * 1024;
    static final Duration IDLE = HeartbeatWheelTest.IDLE;

    private final AtomicLong clock = new AtomicLong();
    private final ManualTimer timer = new ManualTimer(clock);

    @Test
    void push_toADeviceThatStopsReading_refusesAndCloses_beforeQueuingMoreThanTheBudget() throws Exception {
        ConnectionInitializer yours = yours();
        Stalled naive = pushToStalledDevice(NaiveConnections.initializer(IDLE), NaiveConnections::push, NAIVE_PUSH_BYTES);
        Stalled stalled = pushToStalledDevice(yours, PushWriter::push, PUSH_AT_MOST_BYTES);

        System.out.printf("lab06: queued for a device that stopped reading: NaiveConnections %,d bytes after %,d pushes,"
                + " yours at most %,d bytes, then refused push number %,d%n", naive.maxQueued, naive.pushed,
                stalled.maxQueued, stalled.pushed + 1);
        assertThat(stalled.refused).as("a push refused, after %,d bytes of pushes to a device that reads nothing",
                PUSH_AT_MOST_BYTES).isNotNull();
        assertThat(stalled.refused.refCnt()).as("references left to the refused frame: release it, no one else will")
                .isZero();
        assertThat(stalled.maxQueued).as("bytes queued on the connection, at most")
                .isLessThanOrEqualTo(HeartbeatWheelTest.MAX_QUEUED_BYTES + FRAME_BYTES + WRITE_OVERHEAD_BYTES);
        assertThat(stalled.closed).as("the stalled device's connection is closed").isTrue();
        assertThat(naive.maxQueued).as("what the naive push queued, to show this test can tell")
                .isGreaterThan(100L * HeartbeatWheelTest.MAX_QUEUED_BYTES);
    }

    @Test
    void push_toADeviceThatKeepsUp_deliversEveryFrame_burstAfterBurst() throws Exception {
        ConnectionInitializer yours = yours();
        int bursts = 200;
        int framesPerBurst = 16; // 4 KiB: a group's busy moment
        try (MiniGateway server = MiniGateway.start(yours); SocketChannel device = SocketChannel.open(server.address())) {
            Devices.await("the server to accept the device", () -> server.channels().size() == 1);
            Channel connection = server.channels().iterator().next();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            long received = 0;
            for (int b = 0; b < bursts; b++) {
                for (int f = 0; f < framesPerBurst; f++) {
                    assertThat(PushWriter.push(connection, frame())).as("push %d of burst %d", f, b).isTrue();
                }
                long sent = (long) (b + 1) * framesPerBurst * FRAME_BYTES;
                while (received < sent) { // the device reads everything before the next burst
                    received += device.read(in.clear());
                }
            }
            assertThat(received).isEqualTo((long) bursts * framesPerBurst * FRAME_BYTES);
            assertThat(connection.isOpen()).as("the connection of a device that keeps up").isTrue();
        }
    }

    private ConnectionInitializer yours() {
        return new ConnectionInitializer(new HeartbeatWheel(timer, clock::get, IDLE));
    }

    /** What pushing to a device that reads nothing did. */
    private record Stalled(long pushed, long maxQueued, ByteBuf refused, boolean closed) {
    }

    private static Stalled pushToStalledDevice(ChannelInitializer<Channel> pipeline,
                                               BiPredicate<Channel, ByteBuf> push, long atMostBytes) throws Exception {
        try (MiniGateway server = MiniGateway.start(pipeline); SocketChannel device = Devices.stalled(server.address())) {
            Devices.await("the server to accept the device", () -> server.channels().size() == 1);
            Channel connection = server.channels().iterator().next();
            long pushed = 0;
            long maxQueued = 0;
            ByteBuf refused = null;
            while (pushed * FRAME_BYTES < atMostBytes) {
                ByteBuf frame = frame();
                if (!push.test(connection, frame)) {
                    refused = frame;
                    break;
                }
                pushed++;
                maxQueued = Math.max(maxQueued, queued(connection));
            }
            boolean closed = refused != null && connection.closeFuture().await(10, TimeUnit.SECONDS);
            return new Stalled(pushed, maxQueued, refused, closed);
        }
    }

    /** Bytes written to the channel and not yet handed to the kernel, writes still on their way to the event loop included. */
    private static long queued(Channel connection) {
        ChannelOutboundBuffer buffer = connection.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private static ByteBuf frame() {
        return Unpooled.wrappedBuffer(new byte[FRAME_BYTES]);
    }
}
