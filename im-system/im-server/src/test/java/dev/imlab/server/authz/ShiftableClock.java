package dev.imlab.server.authz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real time plus a shift a test can add to: time passes as usual (tokens issued one after
 * another differ, as in production), and a test can also jump past a window without waiting for
 * it. {@code MutableClock} stands still, which would make every token of a test look issued in the
 * same millisecond as a password change.
 */
final class ShiftableClock extends Clock {
    private final AtomicLong shiftMillis = new AtomicLong();

    void advance(Duration duration) {
        shiftMillis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + shiftMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock has one zone");
    }
}
