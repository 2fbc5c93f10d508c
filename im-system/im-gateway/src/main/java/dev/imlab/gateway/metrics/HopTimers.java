package dev.imlab.gateway.metrics;

import dev.imlab.bus.Trace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-hop latency of delivered messages, read off each push's {@link Trace} when this gateway
 * writes it: a slow hop shows at once as the one whose p99 stands out. Percentiles decay over
 * about a minute (Micrometer's default window), so the figures describe now, not since start.
 */
public final class HopTimers {
    /** Hop names, in the order a message travels them. */
    static final String[] HOPS = {"gateway>transfer", "transfer>stored", "stored>push", "push>gateway", "end-to-end"};

    private final Map<String, Timer> timers = new LinkedHashMap<>();

    public HopTimers(MeterRegistry registry) {
        for (String hop : HOPS) {
            timers.put(hop, Timer.builder("imlab.hop.latency")
                    .description("time a message spends on one hop of the pipeline, as seen by the delivering gateway")
                    .tag("hop", hop)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry));
        }
    }

    /** A push carrying {@code trace} is being written to its devices now. */
    public void delivered(Trace trace, long nowMicros) {
        if (trace == null || trace.gatewayIn() == 0 || trace.pushIn() == 0) {
            return;
        }
        record("gateway>transfer", trace.transferIn() - trace.gatewayIn());
        record("transfer>stored", trace.stored() - trace.transferIn());
        record("stored>push", trace.pushIn() - trace.stored());
        record("push>gateway", nowMicros - trace.pushIn());
        record("end-to-end", nowMicros - trace.gatewayIn());
    }

    private void record(String hop, long micros) {
        timers.get(hop).record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }

    /** Hop to its figures now. */
    Map<String, HopFigures> figures() {
        Map<String, HopFigures> figures = new LinkedHashMap<>();
        timers.forEach((hop, timer) -> {
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            figures.put(hop, new HopFigures(timer.count(), round(p50), round(p99)));
        });
        return figures;
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** One hop: messages timed so far, and recent p50 / p99 in ms. */
    public record HopFigures(long count, double p50Ms, double p99Ms) {
    }
}
