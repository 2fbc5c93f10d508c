package dev.imlab.bench.peers;

import dev.imlab.bench.report.Latency;
import dev.imlab.bench.traffic.Measurement;
import dev.imlab.testsupport.check.DeliveryCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One timed run of the pairs on one system: rates over the steady part, latencies, the checker's verdict. */
record PairResult(int rate, int pairs, int size, int window, double windowSeconds, long sent, long deliveredInWindow,
                  long ackedInWindow, Histogram endToEnd, Histogram toAck, List<double[]> timeline, DeliveryCounts counts,
                  boolean drained, double drainSeconds, long unackedAtEnd, long stray, double serverCpuSeconds,
                  double clientCpuSeconds) {

    double deliveredPerSecond() {
        return windowSeconds == 0 ? 0 : deliveredInWindow / windowSeconds;
    }

    double ackedPerSecond() {
        return windowSeconds == 0 ? 0 : ackedInWindow / windowSeconds;
    }

    /** Server CPU per delivered message over the whole run, µs: what each message cost the server. */
    double serverCpuMicrosPerMessage() {
        return counts.delivered() == 0 ? Double.NaN : serverCpuSeconds * 1e6 / counts.delivered();
    }

    double[] column(int i) {
        double[] out = new double[timeline.size()];
        for (int n = 0; n < out.length; n++) {
            out[n] = timeline.get(n)[i];
        }
        return out;
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate == 0 ? "flat out" : rate);
        m.put("pairs", pairs);
        m.put("sizeBytes", size);
        m.put("windowPerSender", rate == 0 ? window : null);
        m.put("steadySeconds", windowSeconds);
        m.put("sent", sent);
        m.put("deliveredPerSecond", deliveredPerSecond());
        m.put("ackedPerSecond", ackedPerSecond());
        m.put("endToEnd", Latency.summary(endToEnd));
        m.put("sendToAck", Latency.summary(toAck));
        m.put("checker", counts.asMap());
        m.put("drained", drained);
        m.put("drainSeconds", drainSeconds);
        m.put("unackedAtEnd", unackedAtEnd);
        m.put("strayFromEarlierRun", stray);
        m.put("serverCpuSeconds", serverCpuSeconds);
        m.put("clientCpuSeconds", clientCpuSeconds);
        m.put("serverCpuMicrosPerMessage", serverCpuMicrosPerMessage());
        m.put("timeline", Measurement.timelineAsMaps(timeline));
        return m;
    }

    /** Filled in as the run goes. */
    static final class Builder {
        final Histogram endToEnd = Latency.histogram();
        final Histogram toAck = Latency.histogram();
        final List<double[]> timeline = new ArrayList<>();
        double windowSeconds;
        long sent;
        long deliveredInWindow;
        long ackedInWindow;
        DeliveryCounts counts;
        boolean drained;
        double drainSeconds;
        long unackedAtEnd;
        long stray;
        int window;
        double serverCpuSeconds;
        double clientCpuSeconds;

        PairResult build(int rate, int pairs, int size) {
            return new PairResult(rate, pairs, size, window, windowSeconds, sent, deliveredInWindow, ackedInWindow, endToEnd,
                    toAck, timeline, counts, drained, drainSeconds, unackedAtEnd, stray, serverCpuSeconds, clientCpuSeconds);
        }
    }
}
