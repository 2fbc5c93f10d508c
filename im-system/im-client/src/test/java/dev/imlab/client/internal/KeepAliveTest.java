package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
    private static final long INTERVAL = 20_000;

    private final ManualClock clock = new ManualClock();
    private final KeepAlive keepAlive = new KeepAlive(clock, INTERVAL);
    private final List<String> events = new ArrayList<>();
    /** Only to start with; the ticks below are called by hand, at the time the test sets. */
    private final ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1);

    @BeforeEach
    void start() {
        keepAlive.start(loop, () -> events.add("ping"), why -> events.add("dead: " + why));
    }

    @AfterEach
    void stop() {
        keepAlive.stop();
        loop.shutdownNow();
    }

    @Test
    void tick_pings_whileFramesKeepComing() {
        clock.advance(INTERVAL);
        tick();
        clock.advance(INTERVAL);
        keepAlive.heard();
        clock.advance(INTERVAL);
        tick();

        assertThat(events).containsExactly("ping", "ping");
    }

    @Test
    void tick_callsTheLineDead_afterTwoIntervalsWithoutAFrame() {
        clock.advance(2 * INTERVAL);
        tick();
        clock.advance(1);
        tick();

        assertThat(events).containsExactly("ping", "dead: no frame from the server for 40001 ms");
    }

    private void tick() {
        keepAlive.tick(() -> events.add("ping"), why -> events.add("dead: " + why));
    }

    /** A clock that moves only when told. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
