package dev.imlab.bench.peers;

import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.report.Latency;
import dev.imlab.bench.report.Progress;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.traffic.Measurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load generator, the same for every system: P sender/receiver pairs, each pair its own
 * one-to-one chat, run flat out (each sender keeps a window of unacked messages, the next one
 * leaving on each ack) or at a fixed total rate (open loop: a pacer sends on schedule whatever the
 * answers, as real users would). Sampled once a second; the first {@code warmup} seconds are not
 * counted; at the end it waits, bounded, until every acked message has reached its receiver.
 */
final class Pairs implements AutoCloseable {
    /** Stop piling on when this many sends wait for acks: bounded memory; the latency shows it. */
    private static final int MAX_PENDING = 200_000;
    private static final int CONNECT_TIMEOUT_S = 60;

    private final List<Endpoint> senders = new ArrayList<>();
    private final List<Endpoint> receivers = new ArrayList<>();
    private int runs;

    private Pairs() {
    }

    /** Receivers first, so that no message finds its receiver still connecting. */
    static Pairs connect(PeerSystem system, ClientTransport transport, List<String> senderUsers, List<String> receiverUsers)
            throws Exception {
        Pairs p = new Pairs();
        for (int i = 0; i < senderUsers.size(); i++) {
            Endpoint r = new Endpoint(i, receiverUsers.get(i), null);
            r.attach(system.connect(transport, r.user, r).get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS));
            p.receivers.add(r);
        }
        for (int i = 0; i < senderUsers.size(); i++) {
            Endpoint s = new Endpoint(i, senderUsers.get(i), receiverUsers.get(i));
            s.attach(system.connect(transport, s.user, s).get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS));
            p.senders.add(s);
        }
        return p;
    }

    /**
     * @param rate total messages per second over all pairs; 0 = flat out
     * @param window unacked messages per sender when flat out (capped by what the server allows)
     */
    PairResult run(String label, int rate, int window, int size, Duration warmup, Duration duration, Duration drain,
                   long serverPid) {
        boolean flatOut = rate <= 0;
        PairRun run = new PairRun(++runs, size, flatOut);
        for (int i = 0; i < senders.size(); i++) {
            run.expect(i);
            senders.get(i).begin(run);
            receivers.get(i).begin(run);
        }
        int effectiveWindow = window;
        for (Endpoint s : senders) {
            effectiveWindow = Math.min(effectiveWindow, s.connection().maxUnacked());
        }
        long serverCpu0 = ProcessProbe.cpuNanos(serverPid);
        long clientCpu0 = ProcessProbe.cpuNanos(ProcessHandle.current().pid());
        Thread pacer = null;
        if (flatOut) {
            for (Endpoint s : senders) {
                for (int w = 0; w < effectiveWindow; w++) {
                    s.send();
                }
            }
        } else {
            pacer = pace(run, rate);
        }
        PairResult.Builder result = sample(run, label, warmup, duration);
        run.sending = false;
        if (pacer != null) {
            try {
                pacer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        result.sent = run.sent.sum(); // after the pacer stopped: it may send once more after the last sample
        long drainStart = System.nanoTime();
        boolean drained = false;
        while (System.nanoTime() - drainStart < drain.toNanos()) {
            if (run.checker.allDelivered() && pending() == 0) {
                drained = true;
                break;
            }
            Measurement.sleepNanos(100_000_000L);
        }
        result.drained = drained;
        result.drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        result.counts = run.checker.counts();
        result.unackedAtEnd = pending();
        result.stray = run.stray.sum();
        result.window = flatOut ? effectiveWindow : 0;
        result.serverCpuSeconds = (ProcessProbe.cpuNanos(serverPid) - serverCpu0) / 1e9;
        result.clientCpuSeconds = (ProcessProbe.cpuNanos(ProcessHandle.current().pid()) - clientCpu0) / 1e9;
        return result.build(rate, senders.size(), size);
    }

    private long pending() {
        long n = 0;
        for (Endpoint s : senders) {
            n += s.unacked();
        }
        return n;
    }

    /** Once a second: deliveries and acks of that second, its p50 and p99; totals over the steady part. */
    private static PairResult.Builder sample(PairRun run, String label, Duration warmup, Duration duration) {
        PairResult.Builder b = new PairResult.Builder();
        Progress progress = new Progress(label);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long steadyFrom = start + warmup.toNanos();
        long lastDelivered = 0;
        long lastAcked = 0;
        long last = start;
        long delivered0 = -1;
        long acked0 = -1;
        Histogram e2e = null;
        Histogram ack = null;
        while (true) {
            Measurement.sleepNanos(Math.min(end, last + 1_000_000_000L) - System.nanoTime());
            long now = System.nanoTime();
            e2e = run.endToEnd.getIntervalHistogram(e2e);
            ack = run.toAck.getIntervalHistogram(ack);
            long d = run.delivered.sum();
            long a = run.acked.sum();
            double secs = (now - last) / 1e9;
            double[] row = {(now - start) / 1e9, (d - lastDelivered) / secs, (a - lastAcked) / secs, Latency.ms(e2e, 50),
                Latency.ms(e2e, 99)};
            b.timeline.add(row);
            if (now > steadyFrom) {
                if (delivered0 < 0) {
                    delivered0 = lastDelivered;
                    acked0 = lastAcked;
                }
                b.endToEnd.add(e2e);
                b.toAck.add(ack);
                b.windowSeconds += secs;
            }
            lastDelivered = d;
            lastAcked = a;
            last = now;
            progress.show((double) (now - start) / duration.toNanos(), Duration.ofNanos(now - start),
                    () -> Table.num(row[1]) + " delivered/s, p99 " + Table.num(row[4]) + " ms, sent " + run.sent.sum());
            if (now >= end) {
                break;
            }
        }
        progress.done();
        b.deliveredInWindow = delivered0 < 0 ? 0 : run.delivered.sum() - delivered0;
        b.ackedInWindow = acked0 < 0 ? 0 : run.acked.sum() - acked0;
        b.sent = run.sent.sum();
        return b;
    }

    private Thread pace(PairRun run, int rate) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            long issued = 0;
            int next = 0;
            while (run.sending) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                boolean farBehind = pending() >= MAX_PENDING;
                while (issued < due && run.sending && !farBehind) {
                    senders.get(next).send();
                    next = (next + 1) % senders.size();
                    issued++;
                }
                Measurement.sleepNanos(2_000_000L);
            }
        }, "peers-pacer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        senders.forEach(e -> e.connection().close());
        receivers.forEach(e -> e.connection().close());
    }
}
