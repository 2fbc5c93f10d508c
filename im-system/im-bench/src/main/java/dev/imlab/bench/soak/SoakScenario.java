package dev.imlab.bench.soak;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.report.Latency;
import dev.imlab.bench.report.Progress;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Svg;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.bench.traffic.Measurement;
import dev.imlab.bench.traffic.Peer;
import dev.imlab.bench.traffic.Rig;
import dev.imlab.bench.wire.Tokens;
import dev.imlab.bench.wire.WsClient;
import dev.imlab.bench.wire.WsConnection;
import dev.imlab.protocol.ConversationId;
import dev.imlab.testsupport.check.DeliveryCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Mixed traffic for a long time on one server with its limits on: single chats at a fixed rate, a
 * group, a device that connects and leaves every second, group members that stop reading, and,
 * from a third of the run on, a few abusive clients ({@link Abusers}). Every {@code --sample} it
 * records the server's RSS, heap in use, threads and open files, the honest clients' p99 and
 * delivered rate, and each limit's refusals; at the end, the checker over every honest message and
 * the honest p99 before and during the abuse. A flat memory line and a checker at 0 are the bar.
 *
 * <p>The per-address limits on registrations, logins, HTTP calls and handshakes are raised: every
 * honest client of the bench comes from 127.0.0.1. The limits the abusers aim at keep their
 * defaults. {@code LimitsTest} (im-server) trips the per-address ones.
 */
public final class SoakScenario {
    private static final List<String> RAISED = List.of("--imlab.limits.http-per-ip=1000000/1m",
            "--imlab.limits.handshakes-per-ip=1000000/1m", "--imlab.limits.logins-per-ip=1000000/1m",
            "--imlab.limits.registrations-per-ip=1000000/1m");

    private final Options o;

    public SoakScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        if (o.string("target", null) != null) {
            throw new IllegalArgumentException("soak starts its own server with its limits on: it cannot use --target");
        }
        Duration duration = o.duration("duration", Duration.ofMinutes(30));
        Duration sample = o.duration("sample", Duration.ofSeconds(10));
        Duration abuseAfter = o.duration("abuse-after", duration.dividedBy(3));
        Duration warmup = o.duration("warmup", Duration.ofSeconds(Math.min(60, duration.toSeconds() / 10)));
        int pairs = o.integer("pairs", 40);
        int rate = o.integer("rate", 400);
        int members = o.integer("group-members", 100);
        int groupRate = o.integer("group-rate", 5);
        int slow = o.integer("slow-readers", 5);
        int size = o.integer("size", 100);
        Report report = new Report("soak", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        try (ImlabCluster cluster = ImlabCluster.start(o.copy().with("server-limits", true), report.dir(), 0, RAISED);
             Rig rig = new Rig(cluster.baseUri(), o.integer("client-threads", 2));
             WsClient churnClient = new WsClient(1)) {
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 2 * pairs; i++) {
                users.add(rig.user(i < pairs ? "s" : "r", i));
            }
            for (int i = 0; i < members + slow; i++) {
                users.add(rig.user("g", i));
            }
            String victim = rig.user("victim", 0);
            String flooder = rig.user("flood", 0);
            String hoarder = rig.user("hoard", 0);
            String churner = rig.user("churn", 0);
            users.addAll(List.of(victim, flooder, hoarder, churner));
            List<String> tokens = rig.registerAndLogin(users);

            List<Peer> senders = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                senders.add(rig.connect(users.get(i), tokens.get(i)));
                Peer receiver = rig.connect(users.get(pairs + i), tokens.get(pairs + i));
                rig.checker().member(receiver.device(), ConversationId.single(users.get(i), users.get(pairs + i)).value());
            }
            List<String> group = users.subList(2 * pairs, 2 * pairs + members + slow);
            String groupId = rig.user("team", 0);
            rig.http().createGroup(tokens.get(2 * pairs), groupId, group.subList(1, group.size()));
            List<Peer> groupSenders = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                Peer p = rig.connect(group.get(i), tokens.get(2 * pairs + i));
                if (i < 2) {
                    groupSenders.add(p);
                } else {
                    rig.checker().member(p.device(), "sg_" + groupId);
                }
            }
            SlowReaders slowReaders = new SlowReaders(cluster.baseUri(), group.subList(members, members + slow),
                    u -> rig.http().token(u, Rig.PASSWORD, "slow").token());
            slowReaders.start();

            Thread pacer = pacer(rig, senders, users.subList(pairs, 2 * pairs), groupSenders, groupId, rate, groupRate, size);
            LongAdder churns = new LongAdder();
            Thread churn = churner(rig, churnClient, cluster, churner, churns);
            long serverPid = cluster.mainPid();

            Abusers abusers = new Abusers(cluster.baseUri(), rig, victim, flooder, hoarder);
            List<double[]> timeline = new ArrayList<>();
            Map<String, Double> refusedAtEnd = Map.of();
            Histogram calm = Latency.histogram();
            Histogram abused = Latency.histogram();
            Histogram interval = null;
            Progress progress = new Progress("soak");
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long abuseAt = start + abuseAfter.toNanos();
            long calmFrom = start + warmup.toNanos();
            boolean abusing = false;
            long lastDelivered = rig.delivered();
            long last = start;
            try {
                while (true) {
                    Measurement.sleepNanos(Math.min(end, last + sample.toNanos()) - System.nanoTime());
                    long now = System.nanoTime();
                    if (!abusing && now >= abuseAt) {
                        abuses(abusers);
                        abusing = true;
                    }
                    interval = rig.endToEnd().getIntervalHistogram(interval);
                    if (abusing && now - abuseAt > sample.toNanos()) {
                        abused.add(interval);
                    } else if (!abusing && now > calmFrom) {
                        calm.add(interval);
                    }
                    ServerMetrics metrics = ServerMetrics.read(cluster.baseUri());
                    refusedAtEnd = metrics.refused;
                    double refused = metrics.refused.values().stream().mapToDouble(Double::doubleValue).sum();
                    long delivered = rig.delivered();
                    double seconds = (now - last) / 1e9;
                    timeline.add(new double[] {(now - start) / 1e9, (delivered - lastDelivered) / seconds,
                            Latency.ms(interval, 50), Latency.ms(interval, 99), ProcessProbe.rssBytes(serverPid) / 1048576.0,
                            ProcessProbe.heapUsedBytes(serverPid) / 1048576.0, ProcessProbe.threads(serverPid),
                            ProcessProbe.openFiles(serverPid), refused, abusing ? 1 : 0});
                    lastDelivered = delivered;
                    last = now;
                    double[] row = timeline.get(timeline.size() - 1);
                    progress.show((double) (now - start) / duration.toNanos(), Duration.ofNanos(now - start),
                            () -> Table.num(row[1]) + " delivered/s, p99 " + Table.num(row[3]) + " ms, RSS "
                                    + Table.num(row[4]) + " MB" + (row[9] > 0 ? ", abusers on" : ""));
                    if (now >= end) {
                        break;
                    }
                }
            } finally {
                progress.done();
                rig.stopSending();
                abusers.close();
                slowReaders.close();
                churn.interrupt();
                pacer.join(5_000);
                churn.join(5_000);
            }
            boolean drained = drain(rig, o.duration("drain", Duration.ofSeconds(60)));
            DeliveryCounts counts = rig.checker().counts();
            describe(report, timeline, calm, abused, counts, drained, abusers, slowReaders, churns.sum(), refusedAtEnd, rig,
                    Map.of("pairs", pairs, "messagesPerSecond", rate, "groupMembers", members, "groupMessagesPerSecond",
                            groupRate, "slowReaders", slow, "sizeBytes", size, "durationSeconds", duration.toSeconds(),
                            "abuseAfterSeconds", abuseAfter.toSeconds(), "sampleSeconds", sample.toSeconds()));
        }
        return report;
    }

    private static void abuses(Abusers abusers) {
        System.out.println("\nsoak: the abusers start");
        abusers.start();
    }

    /** Single chats at {@code rate} in all, round robin over the pairs, and the group at {@code groupRate}. */
    private static Thread pacer(Rig rig, List<Peer> senders, List<String> receivers, List<Peer> groupSenders, String groupId,
                                int rate, int groupRate, int size) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            long single = 0;
            long grouped = 0;
            while (rig.sending()) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                while (single < (long) (elapsed * rate) && rig.sending()) {
                    int i = (int) (single % senders.size());
                    senders.get(i).send(receivers.get(i), null, size);
                    single++;
                }
                while (grouped < (long) (elapsed * groupRate) && rig.sending()) {
                    groupSenders.get((int) (grouped % groupSenders.size())).send(null, groupId, size);
                    grouped++;
                }
                Measurement.sleepNanos(2_000_000L);
            }
        }, "soak-pacer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A device that connects, stays a second and leaves, again and again: sessions and routes come and go. */
    private static Thread churner(Rig rig, WsClient client, ImlabCluster cluster, String user, LongAdder churns) {
        Thread t = new Thread(() -> {
            while (rig.sending()) {
                try {
                    String token = rig.http().token(user, Rig.PASSWORD, "churn").token();
                    WsConnection c = client.connect(Tokens.wsUri(cluster.baseUri(), token), null, (x, y) -> { })
                            .get(30, TimeUnit.SECONDS);
                    Thread.sleep(1_000);
                    c.close();
                    churns.increment();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the server refused or was slow: the next round tries again
                }
            }
        }, "soak-churn");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean drain(Rig rig, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (rig.checker().counts().lost() == 0 && rig.pendingSends() == 0) {
                return true;
            }
            Measurement.sleepNanos(200_000_000L);
        }
        return false;
    }

    private static void describe(Report report, List<double[]> timeline, Histogram calm, Histogram abused,
                                 DeliveryCounts counts, boolean drained, Abusers abusers, SlowReaders slowReaders, long churns,
                                 Map<String, Double> refused, Rig rig, Map<String, Object> setup) {
        report.put("setup", setup);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checker", counts.asMap());
        m.put("drained", drained);
        m.put("sent", rig.sent());
        m.put("delivered", rig.delivered());
        m.put("honestP99MsBeforeAbuse", Latency.ms(calm, 99));
        m.put("honestP99MsDuringAbuse", Latency.ms(abused, 99));
        m.put("honestLatencyBeforeAbuse", Latency.summary(calm));
        m.put("honestLatencyDuringAbuse", Latency.summary(abused));
        m.put("abusers", abusers.asMap());
        m.put("slowReaderConnects", slowReaders.connects.sum());
        m.put("slowReadersClosedByServer", slowReaders.closedByServer.sum());
        m.put("churnConnections", churns);
        m.put("limitsRefused", refused);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double[] r : timeline) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("t", r[0]);
            row.put("deliveredPerSecond", r[1]);
            row.put("p50Ms", r[2]);
            row.put("p99Ms", r[3]);
            row.put("rssMb", r[4]);
            row.put("heapUsedMb", r[5]);
            row.put("threads", r[6]);
            row.put("openFiles", r[7]);
            row.put("refusedSoFar", r[8]);
            row.put("abusers", r[9] > 0);
            rows.add(row);
        }
        m.put("timeline", rows);
        report.put("imlab", m);

        report.line("soak: " + setup);
        Table t = new Table("Honest traffic, before and during the abuse (send → push)", "", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms");
        t.row("before (after the warm-up)", Latency.ms(calm, 50), Latency.ms(calm, 99), Latency.ms(calm, 99.9), Latency.maxMs(calm));
        t.row("during", Latency.ms(abused, 50), Latency.ms(abused, 99), Latency.ms(abused, 99.9), Latency.maxMs(abused));
        report.table(t);
        Table s = new Table("Server over time (first, middle, last sample)", "t s", "delivered/s", "p99 ms", "RSS MB",
                "heap used MB", "threads", "open files", "refusals so far");
        for (int i : new int[] {0, timeline.size() / 2, timeline.size() - 1}) {
            if (i >= 0 && i < timeline.size()) {
                double[] r = timeline.get(i);
                s.row(r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[8]);
            }
        }
        report.table(s);
        report.line("\nLimits that refused something (server's /metrics): " + refused);
        report.line("Abusers: " + abusers.asMap());
        report.line("Slow readers: " + slowReaders.connects.sum() + " connects, " + slowReaders.closedByServer.sum()
                + " closed by the server; churn: " + churns + " connections opened and closed");
        report.line("Checker (honest single chats and group members): " + counts + (drained ? "" : ", drain gave up"));
        if (!counts.clean() || !drained) {
            report.note("The checker found problems: " + counts);
        }
        if (abusers.victimLoginFailures.sum() > 0) {
            report.note("The victim failed to log in " + abusers.victimLoginFailures.sum() + " time(s) during the abuse");
        }
        if (counts.clean() && drained && abusers.victimLoginFailures.sum() == 0 && timeline.size() > 2) {
            figures(report, timeline, calm, abused, rig, refused, ((Number) setup.get("durationSeconds")).longValue());
        }
        double[] x = column(timeline, 0);
        Map<String, double[]> memory = new LinkedHashMap<>();
        memory.put("RSS MB", column(timeline, 4));
        memory.put("heap used MB", column(timeline, 5));
        report.svg("memory-over-time.svg", Svg.overTime("soak: server memory", "MB", x, memory));
        Map<String, double[]> resources = new LinkedHashMap<>();
        resources.put("threads", column(timeline, 6));
        resources.put("open files", column(timeline, 7));
        report.svg("threads-files-over-time.svg", Svg.overTime("soak: server threads and open files", "count", x, resources));
        Map<String, double[]> latency = new LinkedHashMap<>();
        latency.put("p99 ms", column(timeline, 3));
        latency.put("p50 ms", column(timeline, 2));
        report.svg("latency-over-time.svg", Svg.overTime("soak: honest send → push (abusers from "
                + Table.num(((Number) setup.get("abuseAfterSeconds")).doubleValue()) + " s)", "ms", x, latency));
        Map<String, double[]> refusals = new LinkedHashMap<>();
        refusals.put("refusals so far", column(timeline, 8));
        report.svg("refusals-over-time.svg", Svg.overTime("soak: requests refused by a limit", "count", x, refusals));
    }

    /** The handbook's and the robustness chapter's figures, from a run whose checks all passed. */
    private static void figures(Report report, List<double[]> timeline, Histogram calm, Histogram abused, Rig rig,
                                Map<String, Double> refused, long durationSeconds) {
        double[] first = timeline.get(1); // the first sample is taken while the clients still warm up
        double[] last = timeline.get(timeline.size() - 1);
        report.figure(MeasuredKeys.SOAK_DURATION, MeasuredKeys.count(durationSeconds / 60, "minutes"));
        report.figure(MeasuredKeys.SOAK_DELIVERED, MeasuredKeys.count(rig.delivered(), "messages"));
        report.figure(MeasuredKeys.SOAK_P99_CALM, MeasuredKeys.value(Latency.ms(calm, 99), "ms"));
        report.figure(MeasuredKeys.SOAK_P99_ABUSED, MeasuredKeys.value(Latency.ms(abused, 99), "ms"));
        report.figure(MeasuredKeys.SOAK_RSS_FIRST, MeasuredKeys.value(first[4], "MB"));
        report.figure(MeasuredKeys.SOAK_RSS_LAST, MeasuredKeys.value(last[4], "MB"));
        report.figure(MeasuredKeys.SOAK_THREADS, Table.num(first[6]) + " then " + Table.num(last[6]));
        report.figure(MeasuredKeys.SOAK_FILES, Table.num(first[7]) + " then " + Table.num(last[7]));
        report.figure(MeasuredKeys.SOAK_REFUSALS, MeasuredKeys.count(Math.round(refused.values().stream()
                .mapToDouble(Double::doubleValue).sum()), "refusals"));
    }

    private static double[] column(List<double[]> rows, int i) {
        double[] out = new double[rows.size()];
        for (int n = 0; n < out.length; n++) {
            out[n] = rows.get(n)[i];
        }
        return out;
    }
}
