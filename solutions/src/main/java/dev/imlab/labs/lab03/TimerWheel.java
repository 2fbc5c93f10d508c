package dev.imlab.labs.lab03;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A hashed timing wheel driven by hand: time moves only when {@link #tick()} is called, one tick
 * at a time, so tests and simulations control it completely. Not thread-safe: one thread
 * schedules and ticks.
 *
 * <p>A task due at tick {@code d} waits in slot {@code d % slots}. Each tick visits one slot and
 * runs the tasks due now; a task due in a later turn of the wheel shares the slot and stays.
 * Scheduling and cancelling are O(1) whatever the number of tasks, which is why gateways keep
 * one wheel for the retransmission timers of every connection (Netty's {@code HashedWheelTimer},
 * Kafka's {@code TimingWheel}).
 *
 * @implNote Strategy candidates: a priority queue ordered by deadline (O(log n) per schedule, and
 *     a cancelled task stays in the heap or costs O(n) to remove); a scheduled executor (the same
 *     heap, plus a thread hand-off per task); a hierarchical wheel (Kafka: O(1) also for delays of
 *     many turns, at the price of moving tasks between wheels). Here: one wheel with the absolute
 *     deadline stored in each entry, so an entry of a later turn is recognised by its deadline and
 *     no "rounds" counter has to be kept; cancelling only marks the entry, and its slot drops it
 *     when it is visited.
 */
public final class TimerWheel {

    /** A scheduled task. */
    public interface Timeout {

        /** Keeps the task from running, if it has not run yet. */
        void cancel();
    }

    private static final class Entry implements Timeout {
        final Runnable task;
        final long deadline;
        boolean cancelled;

        Entry(Runnable task, long deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<ArrayDeque<Entry>> slots;
    private long now;

    /** @param slots the number of slots, which is the number of ticks in one turn of the wheel */
    public TimerWheel(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a wheel needs at least 1 slot, got " + slots);
        }
        this.slots = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            this.slots.add(new ArrayDeque<>());
        }
    }

    /**
     * Runs {@code task} during the {@link #tick()} that is {@code delayTicks} ticks from now.
     *
     * @throws IllegalArgumentException if {@code delayTicks} is below 1
     */
    public Timeout schedule(Runnable task, long delayTicks) {
        if (delayTicks < 1) {
            throw new IllegalArgumentException("delay is " + delayTicks
                    + " ticks; a task can only run in a later tick (>= 1)");
        }
        Entry entry = new Entry(task, now + delayTicks);
        slotOf(entry.deadline).add(entry);
        return entry;
    }

    /**
     * Moves time on by one tick and runs the tasks due then, in the order they were scheduled. The
     * due ones are taken out of the slot before any runs, so a task that schedules another one a
     * full turn later (the same slot) neither disturbs this visit nor runs in it.
     */
    public void tick() {
        now++;
        List<Entry> due = new ArrayList<>();
        for (Iterator<Entry> it = slotOf(now).iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.cancelled || e.deadline == now) {
                it.remove();
                if (!e.cancelled) {
                    due.add(e);
                }
            }
        }
        for (Entry e : due) {
            if (!e.cancelled) { // an earlier task of this tick may have cancelled it
                e.task.run();
            }
        }
    }

    /** Ticks so far. */
    public long now() {
        return now;
    }

    private ArrayDeque<Entry> slotOf(long tick) {
        return slots.get((int) (tick % slots.size()));
    }
}
