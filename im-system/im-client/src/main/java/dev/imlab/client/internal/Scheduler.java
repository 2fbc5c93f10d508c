package dev.imlab.client.internal;

/**
 * Runs a task later on the client's loop thread. The trackers take this instead of a
 * {@code ScheduledExecutorService} so that their tests can move time by hand.
 */
interface Scheduler {

    void schedule(Runnable task, long delayMillis);
}
