package dev.imlab.client.internal;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Pings every interval, and calls the line dead when no frame came for two intervals.
 * Confined to the client's loop thread.
 *
 * <p>Why: a NAT or a load balancer can forget an idle connection without telling either end;
 * TCP then sees nothing wrong until the next write times out, minutes later. The ping keeps the
 * line busy enough not to be forgotten, and its missing answer finds a dead line in seconds.
 */
final class KeepAlive {

    private final Clock clock;
    private final long intervalMillis;
    private ScheduledFuture<?> ticks;
    private long lastHeardAt;

    KeepAlive(Clock clock, long intervalMillis) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** Ticks until {@link #stop()} or until the line is found {@code dead}, which is told why. */
    void start(ScheduledExecutorService loop, Runnable ping, Consumer<String> dead) {
        stop();
        lastHeardAt = clock.millis();
        ticks = loop.scheduleAtFixedRate(() -> tick(ping, dead), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** A frame came: the line is alive. */
    void heard() {
        lastHeardAt = clock.millis();
    }

    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    void tick(Runnable ping, Consumer<String> dead) {
        long silentFor = clock.millis() - lastHeardAt;
        if (silentFor > 2 * intervalMillis) {
            stop();
            dead.accept("no frame from the server for " + silentFor + " ms");
        } else {
            ping.run();
        }
    }
}
