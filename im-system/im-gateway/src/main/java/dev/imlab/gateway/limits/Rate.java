package dev.imlab.gateway.limits;

import java.time.Duration;

/**
 * A token bucket's shape, written {@code N/D} ({@code 60/1m}, {@code 5/1h}, {@code 1048576/4s}): the
 * bucket holds {@code N} tokens and refills completely in {@code D}. So a client may spend {@code N}
 * at once, then {@code N} per {@code D} on average. Turms' per-IP default (50 tokens, 1 a second) is
 * {@code 50/50s}.
 *
 * <p>Spring Boot binds {@code imlab.limits.*} values through {@link #valueOf(String)}.
 *
 * @param burst  tokens in a full bucket
 * @param period how long an empty bucket takes to fill up again
 */
public record Rate(long burst, Duration period) {
    public Rate {
        if (burst < 1) {
            throw new IllegalArgumentException("a rate's burst must be at least 1, not " + burst);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate's period must be positive, not " + period);
        }
    }

    /** Parses {@code N/D}, D a number and one of the units ms, s, m, h, d ({@code 1m}, {@code 500ms}). */
    public static Rate valueOf(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write N/D, e.g. 60/1m");
        }
        long burst;
        try {
            burst = Long.parseLong(t.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: N must be a whole number", e);
        }
        return new Rate(burst, duration(t.substring(slash + 1).trim(), text));
    }

    private static Duration duration(String d, String text) {
        int unitAt = 0;
        while (unitAt < d.length() && Character.isDigit(d.charAt(unitAt))) {
            unitAt++;
        }
        if (unitAt == 0 || unitAt == d.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: D must be a number and a unit (ms, s, m, h, d)");
        }
        long amount = Long.parseLong(d.substring(0, unitAt));
        return switch (d.substring(unitAt)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("'" + text + "' is not a rate: unknown unit '"
                    + d.substring(unitAt) + "' (ms, s, m, h, d)");
        };
    }

    /** Tokens added per nanosecond. */
    double tokensPerNano() {
        return (double) burst / period.toNanos();
    }

    /** As it is written in the configuration: {@code 60/1m}. */
    @Override
    public String toString() {
        long ms = period.toMillis();
        String d = ms % 86_400_000 == 0 ? ms / 86_400_000 + "d" : ms % 3_600_000 == 0 ? ms / 3_600_000 + "h"
                : ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        return burst + "/" + d;
    }
}
