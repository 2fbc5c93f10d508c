package dev.imlab.labs.lab06;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of real connections on loopback to a {@link MiniGateway}, both ends in this JVM.
 *
 * <p>What a connection costs is measured, not estimated: the heap in use after a full collection,
 * before and after the devices connect and ping, divided by their number. It counts both ends
 * (the device's socket objects are a few hundred bytes of it) and leaves out what is not heap:
 * the kernel's socket buffers and Netty's pooled direct memory. The budget is generous, and the
 * naive pipeline's number, printed next to yours, is far above it, so neither noise nor the JVM's
 * version decides the test.
 */
@Tag("lab06")
class ManyConnectionsTest {
    /** Each costs two file descriptors in this JVM, one per end; the limit here is 20,000. */
    static final int CONNECTIONS = 3_000;
    /** Heap per connection, both ends counted. */
    static final long HEAP_BUDGET_BYTES = 8 * 1024;
    /** Threads the JVM may start by itself meanwhile (JIT compilers, for one), none of them per connection. */
    static final int THREADS_MAY_COME = 8;
    /** Tasks on the event loops that are not per connection (Netty's own), at most. */
    static final int LOOP_TASKS_MAY_BE = 8;
    static final Duration IDLE = HeartbeatWheelTest.IDLE;

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final ManualTimer timer = new ManualTimer(clock);

    @Test
    void holdsThousandsOfConnections_withoutAThreadOrATaskEach_withinTheHeapBudget() throws Exception {
        ConnectionInitializer yours = new ConnectionInitializer(new HeartbeatWheel(timer, clock::get, IDLE));
        Footprint naive = footprint(NaiveConnections.initializer(IDLE));
        Footprint footprint = footprint(yours);

        System.out.printf("lab06: %,d connections: NaiveConnections %s%n", CONNECTIONS, naive);
        System.out.printf("lab06: %,d connections: yours            %s%n", CONNECTIONS, footprint);
        assertThat(footprint.heapPerConnection).as("heap bytes per connection, both ends")
                .isLessThanOrEqualTo(HEAP_BUDGET_BYTES);
        assertThat(footprint.newThreads).as("threads started while %,d devices connected and pinged", CONNECTIONS)
                .isLessThanOrEqualTo(THREADS_MAY_COME);
        assertThat(footprint.loopTasks).as("tasks scheduled on the server's event loops")
                .isLessThanOrEqualTo(LOOP_TASKS_MAY_BE);
        assertThat(footprint.timeoutsArmed).as("timeouts armed for %,d connections that each pinged", CONNECTIONS)
                .isEqualTo(CONNECTIONS);
        assertThat(naive.heapPerConnection).as("the naive pipeline's heap per connection, to show the measure can tell")
                .isGreaterThan(2 * HEAP_BUDGET_BYTES);
        assertThat(naive.loopTasks).as("the naive pipeline's event-loop tasks").isGreaterThanOrEqualTo(CONNECTIONS);
    }

    @Test
    void closesTheSilentConnections_andOnlyThem_whenTheirTimeIsUp() throws Exception {
        HeartbeatWheel wheel = new HeartbeatWheel(timer, clock::get, IDLE);
        int half = CONNECTIONS / 2;
        try (MiniGateway server = MiniGateway.start(new ConnectionInitializer(wheel));
             Devices devices = Devices.connect(server.address(), CONNECTIONS)) {
            Devices.await("the server to accept every device", () -> server.channels().size() == CONNECTIONS);
            Devices.await("every connection to be watched", () -> timer.pending() == CONNECTIONS);

            timer.advance(Duration.ofSeconds(20));
            devices.ping(0, half);
            Devices.await("the server to read the pings", () -> server.reads() >= half);
            timer.advance(Duration.ofSeconds(11)); // 31 s after connecting, 11 s after the pings

            Devices.await("the silent half to be closed", () -> server.channels().size() <= half);
            assertThat(remoteAddresses(server.channels())).as("devices still connected")
                    .containsExactlyInAnyOrderElementsOf(devices.addresses(0, half));
            assertThat(timer.pending()).as("timeouts pending for %,d open connections", half).isLessThanOrEqualTo(half);

            timer.advance(Duration.ofSeconds(20)); // 31 s after the pings
            Devices.await("the rest to be closed", () -> server.channels().isEmpty());
            assertThat(timer.pending()).as("timeouts pending with no connection open").isZero();
        }
    }

    /** What holding {@link #CONNECTIONS} connections that each pinged once cost. */
    private record Footprint(long heapPerConnection, int newThreads, int loopTasks, long timeoutsArmed) {
        @Override
        public String toString() {
            return String.format("heap %,6d bytes per connection, %d new threads, %,d tasks on the event loops, "
                    + "%,d timeouts armed on the wheel", heapPerConnection, newThreads, loopTasks, timeoutsArmed);
        }
    }

    private Footprint footprint(ChannelInitializer<Channel> pipeline) throws Exception {
        try (MiniGateway server = MiniGateway.start(pipeline)) {
            try (Devices warmup = Devices.connect(server.address(), 50)) { // class loading and the JIT, before measuring
                warmup.ping(0, 50);
                Devices.await("the warm-up pings", () -> server.reads() >= 50);
            }
            Devices.await("the warm-up devices to be gone", () -> server.channels().isEmpty());
            long reads = server.reads();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long heapBefore = heapAfterFullGc();
            long armedBefore = timer.created();
            try (Devices devices = Devices.connect(server.address(), CONNECTIONS)) {
                devices.ping(0, CONNECTIONS);
                Devices.await("the server to read every ping", () -> server.reads() >= reads + CONNECTIONS);
                long heapAfter = heapAfterFullGc();
                int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
                return new Footprint((heapAfter - heapBefore) / CONNECTIONS, threadsAfter - threadsBefore,
                        server.scheduledTasks(), timer.created() - armedBefore);
            }
        }
    }

    /** Heap in use after full collections, until it stops shrinking: what is reachable, not what is garbage. */
    private static long heapAfterFullGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                break;
            }
            used = now;
        }
        return used;
    }

    private static Set<SocketAddress> remoteAddresses(Iterable<Channel> channels) {
        Set<SocketAddress> addresses = new HashSet<>();
        channels.forEach(c -> addresses.add(c.remoteAddress()));
        return addresses;
    }

}
