package dev.imlab.labs.lab03;

import dev.imlab.labs.LabNotDone;

/**
 * A hashed timing wheel driven by hand: time moves only when {@link #tick()} is called, one tick
 * at a time, so tests and simulations control it completely. Not thread-safe: one thread
 * schedules and ticks.
 */
public final class TimerWheel {

    /** A scheduled task. */
    public interface Timeout {

        /** Keeps the task from running, if it has not run yet. */
        void cancel();
    }

    /** @param slots the number of slots, which is the number of ticks in one turn of the wheel */
    public TimerWheel(int slots) {
        // Keep what you need.
    }

    /**
     * Runs {@code task} during the {@link #tick()} that is {@code delayTicks} ticks from now.
     *
     * @throws IllegalArgumentException if {@code delayTicks} is below 1
     */
    public Timeout schedule(Runnable task, long delayTicks) {
        throw new LabNotDone(TimerWheel.class, "schedule");
    }

    /** Moves time on by one tick and runs the tasks due then, in the order they were scheduled. */
    public void tick() {
        throw new LabNotDone(TimerWheel.class, "tick");
    }

    /** Ticks so far. */
    public long now() {
        throw new LabNotDone(TimerWheel.class, "now");
    }
}
