package dev.imlab.labs.lab06;

import dev.imlab.labs.LabNotDone;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Closes connections that send nothing, not even a ping, for the idle timeout: all connections on
 * one timer, whose thread serves them all.
 *
 * <p>A read is the hottest path a gateway has: make it cost no timer operation at all.
 */
public final class HeartbeatWheel {

    /**
     * @param timer the one timer for all connections: Netty's {@code HashedWheelTimer} in a gateway,
     *     a timer the test turns by hand in the tests
     * @param nanoClock the time in nanoseconds, {@code System::nanoTime} in a gateway; use it, never
     *     {@code System.nanoTime()} itself, or the tests cannot turn time forward
     * @param idleTimeout a connection silent this long is closed
     */
    public HeartbeatWheel(Timer timer, LongSupplier nanoClock, Duration idleTimeout) {
        // Netty catches what a handler throws on its event loop; thrown here, this message reaches you.
        throw new LabNotDone(HeartbeatWheel.class, "HeartbeatWheel(timer, nanoClock, idleTimeout)");
    }

    /** The time now, by the clock the wheel was given. */
    public long now() {
        throw new LabNotDone(HeartbeatWheel.class, "now");
    }

    /** Starts watching a connection that just became active. */
    public void watch(Connection connection) {
        throw new LabNotDone(HeartbeatWheel.class, "watch");
    }
}
