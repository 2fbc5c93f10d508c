package dev.imlab.client.internal;

import java.util.Comparator;
import java.util.PriorityQueue;

/** A {@link Scheduler} whose time moves only when a test says so. */
final class ManualScheduler implements Scheduler {

    private record Task(long dueAt, long order, Runnable task) {
    }

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::dueAt).thenComparingLong(Task::order));
    private long now;
    private long scheduled;

    @Override
    public void schedule(Runnable task, long delayMillis) {
        tasks.add(new Task(now + delayMillis, scheduled++, task));
    }

    /** Runs, in order, every task that falls due within the next {@code millis}. */
    void advance(long millis) {
        long until = now + millis;
        while (!tasks.isEmpty() && tasks.peek().dueAt() <= until) {
            Task next = tasks.poll();
            now = next.dueAt();
            next.task().run();
        }
        now = until;
    }

    int pending() {
        return tasks.size();
    }
}
