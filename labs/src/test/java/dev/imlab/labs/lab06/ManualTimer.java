package dev.imlab.labs.lab06;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Timer} that the test turns by hand, on the test's thread, over a clock the test owns:
 * time passes only in {@link #advance}, so no test waits for it. It counts what it was asked to do.
 */
final class ManualTimer implements Timer {
    private final AtomicLong clock;
    private final List<Task> pending = new ArrayList<>();
    private long created;

    /** @param clock nanoseconds; the same clock the code under test reads */
    ManualTimer(AtomicLong clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        created++;
        Task t = new Task(task, clock.get() + unit.toNanos(delay));
        pending.add(t);
        return t;
    }

    @Override
    public synchronized Set<Timeout> stop() {
        Set<Timeout> unfired = new HashSet<>(pending);
        pending.clear();
        return unfired;
    }

    /** Moves the clock forward and runs each task that is due by then, in deadline order, including tasks they arm. */
    void advance(Duration by) {
        long until = clock.addAndGet(by.toNanos());
        for (Task due = nextDue(until); due != null; due = nextDue(until)) {
            try {
                due.task.run(due);
            } catch (Exception e) {
                throw new AssertionError("a timer task failed", e);
            }
        }
    }

    private synchronized Task nextDue(long until) {
        Task first = null;
        for (Task t : pending) {
            if (t.deadline <= until && (first == null || t.deadline < first.deadline)) {
                first = t;
            }
        }
        if (first != null) {
            pending.remove(first);
            first.expired = true;
        }
        return first;
    }

    /** Timeouts armed and neither fired nor cancelled. */
    synchronized int pending() {
        return pending.size();
    }

    /** Timeouts armed since the start, fired or not. */
    synchronized long created() {
        return created;
    }

    private synchronized boolean cancel(Task t) {
        return pending.remove(t);
    }

    private final class Task implements Timeout {
        final TimerTask task;
        final long deadline;
        volatile boolean expired;
        volatile boolean cancelled;

        Task(TimerTask task, long deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public Timer timer() {
            return ManualTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean cancel() {
            cancelled = ManualTimer.this.cancel(this);
            return cancelled;
        }
    }
}
