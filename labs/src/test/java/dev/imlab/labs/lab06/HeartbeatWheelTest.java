package dev.imlab.labs.lab06;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Idle eviction on one connection at a time, in an {@link EmbeddedChannel}, with time turned by
 * hand: the {@link ManualTimer} and the wheel read the same clock.
 */
@Tag("lab06")
class HeartbeatWheelTest {
    static final Duration IDLE = Duration.ofSeconds(30);
    /** What a connection may queue for a device that does not read, at most: see ConnectionInitializer. */
    static final int MAX_QUEUED_BYTES = 16 * 1024;

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final ManualTimer timer = new ManualTimer(clock);

    @Test
    void closesAConnection_thatSendsNothingForTheIdleTimeout() {
        EmbeddedChannel device = connect(new HeartbeatWheel(timer, clock::get, IDLE));

        turn(device, Duration.ofSeconds(29));
        assertThat(device.isOpen()).as("open 29 s after connecting, silent").isTrue();
        turn(device, Duration.ofSeconds(1));
        assertThat(device.isOpen()).as("open 30 s after connecting, silent").isFalse();
    }

    @Test
    void keepsAConnectionThatPings_andClosesIt30sAfterItsLastPing() {
        EmbeddedChannel device = connect(new HeartbeatWheel(timer, clock::get, IDLE));

        for (int i = 0; i < 30; i++) { // five minutes of a ping every 10 s
            turn(device, Duration.ofSeconds(10));
            ping(device);
        }
        assertThat(device.isOpen()).as("open after five minutes of pings").isTrue();
        turn(device, Duration.ofSeconds(29));
        assertThat(device.isOpen()).as("open 29 s after its last ping").isTrue();
        turn(device, Duration.ofSeconds(1));
        assertThat(device.isOpen()).as("open 30 s after its last ping").isFalse();
    }

    @Test
    void reads_armNoTimeout_theyOnlyStampTheTime() {
        HeartbeatWheel wheel = new HeartbeatWheel(timer, clock::get, IDLE);
        List<EmbeddedChannel> devices = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            devices.add(connect(wheel));
        }
        long armedByConnecting = timer.created();

        for (int round = 0; round < 25; round++) { // 25 s of a ping a second from each, no timeout due yet
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            devices.forEach(HeartbeatWheelTest::ping);
        }

        assertThat(armedByConnecting).as("timeouts armed for 100 connections").isEqualTo(100);
        assertThat(timer.created() - armedByConnecting).as("timeouts armed by 2,500 reads").isZero();
        turn(devices.get(0), Duration.ofSeconds(10)); // every first timeout fires, finds a recent read, re-arms
        assertThat(timer.pending()).as("timeouts pending for 100 open connections").isEqualTo(100);
        assertThat(devices).allMatch(EmbeddedChannel::isOpen, "open");
    }

    @Test
    void schedulesNoTaskOnTheConnectionsEventLoop() {
        EmbeddedChannel yours = connect(new HeartbeatWheel(timer, clock::get, IDLE));
        EmbeddedChannel naive = new EmbeddedChannel(NaiveConnections.initializer(IDLE));
        ping(yours);
        ping(naive);

        // runScheduledPendingTasks: nanoseconds until the next scheduled task is due, -1 if there is none
        assertThat(naive.runScheduledPendingTasks()).as("the naive connection's next scheduled task, in ns").isPositive();
        assertThat(yours.runScheduledPendingTasks()).as("your connection's next scheduled task, in ns").isEqualTo(-1);
    }

    @Test
    void initializer_capsWhatAConnectionMayQueue_andEndsTheDevicesPipelineInAConnection() {
        EmbeddedChannel device = new EmbeddedChannel(new ConnectionInitializer(new HeartbeatWheel(timer, clock::get, IDLE)));

        assertThat(device.config().getWriteBufferWaterMark().high())
                .as("bytes queued beyond the kernel's before the channel turns unwritable (Netty's default: 64 KiB)")
                .isLessThanOrEqualTo(MAX_QUEUED_BYTES);
        assertThat(device.pipeline().last()).as("the last handler of a device's pipeline").isInstanceOf(Connection.class);
        assertThat(timer.pending()).as("timeouts pending for the connection").isEqualTo(1);
    }

    private static EmbeddedChannel connect(HeartbeatWheel wheel) {
        return new EmbeddedChannel(new Connection(wheel)); // registered and active at once: channelActive runs
    }

    private static void ping(EmbeddedChannel device) {
        device.writeInbound(Unpooled.wrappedBuffer(new byte[] {'p'}));
    }

    /** Turns time forward; the wheel's timeouts run on this thread, and what they ask of the channel runs after. */
    private void turn(EmbeddedChannel device, Duration by) {
        timer.advance(by);
        device.runPendingTasks();
    }
}
