package dev.imlab.gateway.limits;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts each limit's refusals as {@code imlab.limits.refused{limit=<tag>}}, registered up front so
 * that {@code /metrics} shows every limit, at 0 until it trips.
 */
public final class Refusals {
    public static final String METER = "imlab.limits.refused";

    private final Map<Limit, Counter> counters = new EnumMap<>(Limit.class);

    public Refusals(MeterRegistry registry) {
        for (Limit limit : Limit.values()) {
            counters.put(limit, Counter.builder(METER).tag("limit", limit.tag())
                    .description("requests and connections refused by a limit (imlab.limits)").register(registry));
        }
    }

    public void count(Limit limit) {
        counters.get(limit).increment();
    }

    /** Counts a refusal and returns the RATE_LIMITED it is answered with. */
    ImException rateLimited(Limit limit, String message, long retryAfterNanos) {
        count(limit);
        long retryMs = TokenBucket.toRetryMs(retryAfterNanos);
        return new ImException(ErrorCode.RATE_LIMITED, message + ": retry in " + retryMs + " ms", null, retryMs);
    }
}
