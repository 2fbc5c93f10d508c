package dev.imlab.bench.traffic;

import dev.imlab.bench.report.Latency;
import dev.imlab.bench.report.Progress;
import dev.imlab.bench.report.Table;
import dev.imlab.testsupport.check.DeliveryCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Samples a running {@link Rig} once a second: a timeline (deliveries and acks per second, p50
 * and p99 of that second) for the plots, and totals over the steady part (after the warm-up) for
 * the report. Then drains: waits, bounded, until every acked message reached its receivers.
 */
public final class Measurement {
    public final Histogram endToEnd = Latency.histogram();
    public final Histogram toAck = Latency.histogram();
    public final List<double[]> timeline = new ArrayList<>();
    public long deliveredInWindow;
    public long ackedInWindow;
    public double windowSeconds;
    public double drainSeconds;
    public boolean drained;
    public DeliveryCounts counts;

    public static Measurement run(Rig rig, Duration warmup, Duration duration, Duration drainTimeout, String label) {
        Measurement m = new Measurement();
        Progress progress = new Progress(label);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long steadyFrom = start + warmup.toNanos();
        long lastDelivered = rig.delivered();
        long lastAcked = rig.acked();
        long last = start;
        long windowDelivered0 = -1;
        long windowAcked0 = -1;
        Histogram e2eInterval = null;
        Histogram ackInterval = null;
        while (true) {
            long now = System.nanoTime();
            long next = Math.min(end, last + 1_000_000_000L);
            sleepNanos(next - now);
            now = System.nanoTime();
            e2eInterval = rig.endToEnd().getIntervalHistogram(e2eInterval);
            ackInterval = rig.toAck().getIntervalHistogram(ackInterval);
            long d = rig.delivered();
            long a = rig.acked();
            double secs = (now - last) / 1e9;
            double t = (now - start) / 1e9;
            m.timeline.add(new double[] {t, (d - lastDelivered) / secs, (a - lastAcked) / secs, Latency.ms(e2eInterval, 50),
                    Latency.ms(e2eInterval, 99)});
            if (now > steadyFrom) {
                if (windowDelivered0 < 0) {
                    windowDelivered0 = lastDelivered;
                    windowAcked0 = lastAcked;
                    m.windowSeconds = 0;
                }
                m.endToEnd.add(e2eInterval);
                m.toAck.add(ackInterval);
                m.windowSeconds += secs;
            }
            lastDelivered = d;
            lastAcked = a;
            last = now;
            double deliveredPerSecond = m.timeline.get(m.timeline.size() - 1)[1];
            double p99 = m.timeline.get(m.timeline.size() - 1)[4];
            progress.show((double) (now - start) / duration.toNanos(), Duration.ofNanos(now - start),
                    () -> Table.num(deliveredPerSecond) + " delivered/s, p99 " + Table.num(p99) + " ms, sent " + rig.sent());
            if (now >= end) {
                break;
            }
        }
        progress.done();
        rig.stopSending();
        m.deliveredInWindow = windowDelivered0 < 0 ? 0 : rig.delivered() - windowDelivered0;
        m.ackedInWindow = windowAcked0 < 0 ? 0 : rig.acked() - windowAcked0;
        long drainStart = System.nanoTime();
        long drainEnd = drainStart + drainTimeout.toNanos();
        while (System.nanoTime() < drainEnd) {
            DeliveryCounts c = rig.checker().counts();
            if (c.lost() == 0 && rig.pendingSends() == 0) {
                m.drained = true;
                break;
            }
            sleepNanos(200_000_000L);
        }
        m.drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        m.counts = rig.checker().counts();
        return m;
    }

    public double deliveredPerSecond() {
        return windowSeconds == 0 ? 0 : deliveredInWindow / windowSeconds;
    }

    public double ackedPerSecond() {
        return windowSeconds == 0 ? 0 : ackedInWindow / windowSeconds;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowSeconds", windowSeconds);
        m.put("deliveredPerSecond", deliveredPerSecond());
        m.put("ackedPerSecond", ackedPerSecond());
        m.put("endToEnd", Latency.summary(endToEnd));
        m.put("sendToAck", Latency.summary(toAck));
        m.put("checker", counts.asMap());
        m.put("drained", drained);
        m.put("drainSeconds", drainSeconds);
        m.put("timeline", timelineAsMaps(timeline));
        return m;
    }

    /**
     * Timeline rows of {@code [t, delivered/s, acked/s, p50 ms, p99 ms]} (NaN: no sample in that
     * second) as report entries; the peers scenario's rows have the same shape.
     */
    public static List<Map<String, Object>> timelineAsMaps(List<double[]> timeline) {
        List<Map<String, Object>> tl = new ArrayList<>();
        for (double[] r : timeline) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", r[0]);
            p.put("deliveredPerSecond", r[1]);
            p.put("ackedPerSecond", r[2]);
            p.put("p50Ms", Double.isNaN(r[3]) ? null : r[3]);
            p.put("p99Ms", Double.isNaN(r[4]) ? null : r[4]);
            tl.add(p);
        }
        return tl;
    }

    public double[] column(int i) {
        double[] out = new double[timeline.size()];
        for (int n = 0; n < out.length; n++) {
            out[n] = timeline.get(n)[i];
        }
        return out;
    }

    /** Sleeps this long (nothing when not positive); an interrupt ends the run. */
    public static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
