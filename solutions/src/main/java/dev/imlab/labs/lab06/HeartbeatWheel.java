package dev.imlab.labs.lab06;

import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes connections that send nothing, not even a ping, for the idle timeout: all connections on
 * one timer, whose thread serves them all.
 *
 * <p>A read is the hottest path a gateway has: make it cost no timer operation at all.
 *
 * @implNote Strategy candidates, as in im-gateway's {@code HeartbeatWheel}. An
 *     {@code IdleStateHandler} per connection schedules a task on the connection's event loop and
 *     reschedules it as it runs: a task per connection in each loop's priority queue. Cancelling
 *     and re-arming a timeout on every read allocates a timeout per read and contends on the
 *     timer's queue. Here each connection has one timeout, re-armed lazily: a read only writes
 *     the time into a volatile field, and when the timeout fires it either closes the connection
 *     or arms itself again for the time that is left. A connection that pings every 30 s costs
 *     one timer operation per idle timeout, however often it reads.
 */
public final class HeartbeatWheel {
    private final Timer timer;
    private final LongSupplier nanoClock;
    private final long idleNanos;

    /**
     * @param timer the one timer for all connections: Netty's {@code HashedWheelTimer} in a gateway,
     *     a timer the test turns by hand in the tests
     * @param nanoClock the time in nanoseconds, {@code System::nanoTime} in a gateway; use it, never
     *     {@code System.nanoTime()} itself, or the tests cannot turn time forward
     * @param idleTimeout a connection silent this long is closed
     */
    public HeartbeatWheel(Timer timer, LongSupplier nanoClock, Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        this.timer = timer;
        this.nanoClock = nanoClock;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** The time now, by the clock the wheel was given. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /** Starts watching a connection that just became active. */
    public void watch(Connection connection) {
        timer.newTimeout(t -> check(connection), idleNanos, TimeUnit.NANOSECONDS);
    }

    /** On the timer's thread. */
    private void check(Connection connection) {
        if (!connection.channel().isActive()) {
            return; // closed already: the timeout simply ends
        }
        long idle = now() - connection.lastReadNanos();
        if (idle >= idleNanos) {
            connection.channel().close(); // no ping, no frame: the device is gone, or its network is
        } else {
            timer.newTimeout(t -> check(connection), idleNanos - idle, TimeUnit.NANOSECONDS);
        }
    }
}
