package dev.imlab.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** HdrHistogram readings in milliseconds (values are recorded in microseconds). */
public final class Latency {
    /** Microseconds, 1 µs to 10 minutes, 3 significant digits. */
    public static Histogram histogram() {
        return new Histogram(1, 600_000_000L, 3);
    }

    public static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public static Map<String, Object> summary(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("meanMs", h.getTotalCount() == 0 ? null : h.getMean() / 1000.0);
        m.put("p50Ms", nullable(ms(h, 50)));
        m.put("p90Ms", nullable(ms(h, 90)));
        m.put("p99Ms", nullable(ms(h, 99)));
        m.put("p999Ms", nullable(ms(h, 99.9)));
        m.put("maxMs", h.getTotalCount() == 0 ? null : h.getMaxValue() / 1000.0);
        return m;
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }

    public static double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }
}
