package dev.imlab.gateway.drain;

import java.time.Duration;

/**
 * How a gateway that is told to stop lets its devices go ({@link Drain}).
 *
 * @param timeout how long the gateway waits for its devices to leave by themselves before it closes the rest
 *        with status 1001; 0: no waiting, every connection is closed with 1001 at once
 * @param spread each device is told to reconnect after a delay drawn uniformly from [0, spread), so that
 *        N devices come back at about N / spread per second instead of all in the same second; keep it
 *        well under {@code timeout}
 */
public record DrainSettings(Duration timeout, Duration spread) {
    /** No drain: what a test server that stops with its clients still connected wants. */
    public static final DrainSettings NONE = new DrainSettings(Duration.ZERO, Duration.ZERO);

    public DrainSettings {
        if (timeout.isNegative() || spread.isNegative()) {
            throw new IllegalArgumentException("imlab.gateway.drain: timeout " + timeout + " and spread " + spread
                    + " must not be negative");
        }
    }
}
