package dev.imlab.gateway.session;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Idle eviction for all connections on one timer wheel and one thread.
 *
 * @implNote Strategy candidates: an {@code IdleStateHandler} per connection schedules a task on
 *     its event loop and reschedules it on every read; a scheduled task per connection costs a
 *     queue entry and a wake-up each. Here each connection has one wheel slot that is re-armed
 *     lazily: reads only write a timestamp, and when the slot fires it either evicts or re-arms
 *     for the remaining time. Cost per read: one volatile write; per connection: one Timeout.
 */
public final class HeartbeatWheel implements IdleWatch {
    private final HashedWheelTimer timer;
    private final long idleNanos;

    public HeartbeatWheel(Duration idleTimeout) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("heartbeat-wheel", true), 100, TimeUnit.MILLISECONDS, 512);
        this.idleNanos = idleTimeout.toNanos();
    }

    @Override
    public void watch(Session session) {
        timer.newTimeout(t -> check(session), idleNanos, TimeUnit.NANOSECONDS);
    }

    private void check(Session session) {
        if (!session.channel().isActive()) {
            return;
        }
        long idle = System.nanoTime() - session.lastReadNanos;
        if (idle >= idleNanos) {
            session.channel().close(); // no ping, no frame: the device is gone or its network is
        } else {
            timer.newTimeout(t -> check(session), idleNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    /** Number of pending timeouts: one per watched connection. */
    public long pending() {
        return timer.pendingTimeouts();
    }

    @Override
    public void close() {
        for (Timeout t : timer.stop()) {
            t.cancel();
        }
    }
}
