package dev.imlab.bench.peers;

import dev.imlab.bench.hops.HopsTable;
import dev.imlab.bench.report.Latency;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Svg;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.testsupport.check.DeliveryCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The three-way tables: each row with what its system promises beside it, a legend with the
 * promises in full, each system's setup, and, wherever imlab is behind a peer, the measured
 * difference that explains it (server CPU per message, cores used). Plots: delivered msg/s flat
 * out, RSS per idle connection, latency by percentile at the fixed rate, msg/s over time.
 */
final class PeersReport {
    private static final int NOISE_FLOOR_CONNECTIONS = 1_000;
    private static final int ZOOM_FACTOR = 100;

    private PeersReport() {
    }

    static void describe(Report report, PeersScenario.Plan plan, List<SystemRun> runs) {
        report.put("setup", plan.asMap());
        Map<String, Object> systems = new LinkedHashMap<>();
        runs.forEach(r -> systems.put(r.name, r.asMap()));
        report.put("systems", systems);
        report.line(plan.pairs() + " pairs (one-to-one chats), body " + plan.size() + " B; flat out with " + plan.window()
                + " unacked per sender, then " + plan.rate() + " msg/s offered in all; " + plan.duration().toSeconds()
                + " s each, first " + plan.warmup().toSeconds() + " s not counted");
        report.line("Idle: " + plan.idle() + " connections, " + plan.connectConcurrency() + " handshakes at a time. "
                + "One client JVM, " + plan.clientThreads() + " event loop threads, the same for every system; "
                + "one system at a time on the machine.");
        for (SystemRun r : runs) {
            if (r.skipped != null) {
                report.line("SKIPPED " + r.name + ": " + r.skipped);
                report.note("Skipped " + r.name + ": " + r.skipped);
            } else if (r.failed != null) {
                report.line("FAILED " + r.name + ": " + r.failed);
                report.note(r.name + " failed: " + r.failed);
            }
        }
        idleTable(report, runs);
        chatTable(report, runs, "Single chat, flat out (delivered msg/s)", r -> r.flatOut, true);
        chatTable(report, runs, "Single chat at " + plan.rate() + " msg/s offered (end to end: send → delivery)", r -> r.fixedRate,
                false);
        promises(report, runs);
        behind(report, runs, plan);
        plots(report, runs, plan);
        figures(report, runs, plan);
    }

    /**
     * The figures the handbook's protocol-choice answer quotes ({@code --results} writes them): a rate
     * or a latency only from a run the checker passed; a system that fell behind the fixed rate is
     * quoted as that, with what it delivered.
     */
    private static void figures(Report report, List<SystemRun> runs, PeersScenario.Plan plan) {
        for (SystemRun r : runs) {
            if (r.skipped != null || r.failed != null || !MeasuredKeys.PEER_SYSTEMS.contains(r.id)) {
                continue;
            }
            if (r.flatOut != null && verdict(r.flatOut).equals("clean")) {
                report.figure(MeasuredKeys.peer(r.id, "flat"), MeasuredKeys.value(r.flatOut.deliveredPerSecond(), "msg/s"));
            }
            if (r.fixedRate != null) {
                report.figure(MeasuredKeys.peer(r.id, "p99"), verdict(r.fixedRate).equals("clean")
                        ? MeasuredKeys.value(Latency.ms(r.fixedRate.endToEnd(), 99), "ms")
                        : "fell behind (" + Table.num(r.fixedRate.deliveredPerSecond()) + " of " + Table.num(plan.rate())
                                + " msg/s delivered)");
            }
            if (r.idle != null && r.idle.open() >= NOISE_FLOOR_CONNECTIONS) {
                report.figure(MeasuredKeys.peer(r.id, "rss"), MeasuredKeys.value(r.idle.rssKbPerConnection(), "KB"));
                report.figure(MeasuredKeys.peer(r.id, "connect"), MeasuredKeys.value(r.idle.connectsPerSecond(), "connects/s"));
            }
        }
    }

    private static void idleTable(Report report, List<SystemRun> runs) {
        Table t = new Table("Idle connections (server process RSS growth / connections)", "", "open", "failed", "connect/s",
                "RSS KB/conn", "promises");
        for (SystemRun r : runs) {
            if (r.idle != null) {
                t.row(r.name, r.idle.open(), r.idle.failed(), r.idle.connectsPerSecond(), r.idle.rssKbPerConnection(),
                        r.promise.brief());
            }
        }
        report.table(t);
        if (runs.stream().anyMatch(r -> r.idle != null && r.idle.open() < NOISE_FLOOR_CONNECTIONS)) {
            report.line("  (under " + Table.num(NOISE_FLOOR_CONNECTIONS) + " connections a process's RSS moves more by itself "
                    + "than the connections add: read RSS KB/conn from a run with --idle 10000 or more)");
        }
    }

    private static void chatTable(Report report, List<SystemRun> runs, String title, Function<SystemRun, PairResult> pick,
                                  boolean flatOut) {
        Table t = new Table(title, "", "delivered/s", "acked/s", "p50 ms", "p99 ms", "max ms", "ack p50 ms",
                "server CPU µs/msg", "checker", "promises");
        for (SystemRun r : runs) {
            PairResult p = pick.apply(r);
            if (p == null) {
                continue;
            }
            t.row(r.name + (flatOut ? " (window " + p.window() + ")" : ""), p.deliveredPerSecond(), p.ackedPerSecond(),
                    Latency.ms(p.endToEnd(), 50), Latency.ms(p.endToEnd(), 99), Latency.maxMs(p.endToEnd()),
                    Latency.ms(p.toAck(), 50), p.serverCpuMicrosPerMessage(), verdict(p), r.promise.brief());
        }
        report.table(t);
    }

    /** "clean" or the problems, for a table cell. */
    static String verdict(PairResult p) {
        DeliveryCounts c = p.counts();
        List<String> bad = new ArrayList<>();
        if (c.lost() > 0) {
            // Acked and not delivered when the drain gave up: lost, or still queued in a server that fell behind.
            bad.add("undelivered " + count(c.lost()));
        }
        if (p.unackedAtEnd() > 0) {
            bad.add("never acked " + count(p.unackedAtEnd()) + " of " + count(p.sent()));
        }
        if (c.duplicated() > 0) {
            bad.add("dup " + count(c.duplicated()));
        }
        if (c.outOfOrder() > 0) {
            bad.add("order " + count(c.outOfOrder()));
        }
        if (c.gaps() > 0) {
            bad.add("gaps " + count(c.gaps()));
        }
        if (c.mismatched() > 0) {
            bad.add("mismatch " + count(c.mismatched()));
        }
        if (!p.drained()) {
            bad.add("drain gave up after " + Table.num(p.drainSeconds()) + " s");
        }
        return bad.isEmpty() ? "clean" : String.join(", ", bad);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void promises(Report report, List<SystemRun> runs) {
        report.line("\nWhat each system promises (the \"promises\" column in full)");
        for (SystemRun r : runs) {
            if (r.promise == null) {
                continue;
            }
            report.line("  " + r.name + ":");
            r.promise.full().forEach(p -> report.line("    - " + p));
        }
        report.line("\nHow each ran");
        for (SystemRun r : runs) {
            if (!r.setup.isEmpty()) {
                report.line("  " + r.name + ":");
                r.setup.forEach((k, v) -> report.line("    " + k + ": " + v));
            }
        }
        report.line("\nChecker: per pair, the body's counter as the seq. undelivered = acked by the server and not delivered "
                + "when the drain (--drain) gave up: lost, or still queued in a server that fell behind; never acked = sent "
                + "and not acked by then; dup = delivered twice to the application (after the protocol's own "
                + "de-duplication, where it has one); order = a counter delivered after a higher one.");
    }

    /** Wherever imlab is behind a peer: by how much, and the measured difference beside it. */
    private static void behind(Report report, List<SystemRun> runs, PeersScenario.Plan plan) {
        SystemRun imlab = runs.stream().filter(SystemRun::imlab).findFirst().orElse(null);
        if (imlab == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (SystemRun peer : runs) {
            if (peer == imlab) {
                continue;
            }
            if (imlab.flatOut != null && peer.flatOut != null
                    && imlab.flatOut.deliveredPerSecond() < peer.flatOut.deliveredPerSecond()) {
                lines.add(String.format(Locale.ROOT, "flat out: imlab %s msg/s, %s %s msg/s; server CPU per message %s µs vs %s µs, "
                                + "server cores busy %s vs %s of %d",
                        Table.num(imlab.flatOut.deliveredPerSecond()), peer.name, Table.num(peer.flatOut.deliveredPerSecond()),
                        Table.num(imlab.flatOut.serverCpuMicrosPerMessage()), Table.num(peer.flatOut.serverCpuMicrosPerMessage()),
                        Table.num(cores(imlab.flatOut, plan)), Table.num(cores(peer.flatOut, plan)),
                        Runtime.getRuntime().availableProcessors()));
            }
            if (imlab.fixedRate != null && peer.fixedRate != null
                    && Latency.ms(imlab.fixedRate.endToEnd(), 99) > Latency.ms(peer.fixedRate.endToEnd(), 99)) {
                lines.add(String.format(Locale.ROOT, "p99 at %d msg/s: imlab %s ms, %s %s ms; of imlab's, send → send_ack p99 %s ms "
                                + "(stored before the ack); server CPU per message %s µs vs %s µs",
                        plan.rate(), Table.num(Latency.ms(imlab.fixedRate.endToEnd(), 99)), peer.name,
                        Table.num(Latency.ms(peer.fixedRate.endToEnd(), 99)), Table.num(Latency.ms(imlab.fixedRate.toAck(), 99)),
                        Table.num(imlab.fixedRate.serverCpuMicrosPerMessage()), Table.num(peer.fixedRate.serverCpuMicrosPerMessage())));
            }
            if (imlab.idle != null && peer.idle != null && imlab.idle.rssKbPerConnection() > peer.idle.rssKbPerConnection()) {
                lines.add(String.format(Locale.ROOT, "memory per idle connection: imlab %s KB, %s %s KB (RSS growth of one process; "
                                + "imlab's is a JVM that also holds Kafka, Redis and the MongoDB stand-in, read after a full GC)",
                        Table.num(imlab.idle.rssKbPerConnection()), peer.name, Table.num(peer.idle.rssKbPerConnection())));
            }
            if (imlab.idle != null && peer.idle != null && imlab.idle.connectsPerSecond() < peer.idle.connectsPerSecond()) {
                lines.add(String.format(Locale.ROOT, "connect rate: imlab %s/s, %s %s/s", Table.num(imlab.idle.connectsPerSecond()),
                        peer.name, Table.num(peer.idle.connectsPerSecond())));
            }
        }
        if (!lines.isEmpty()) {
            report.line("\nWhere imlab is behind, and what was measured beside it");
            lines.forEach(l -> report.line("  - " + l));
        }
        if (imlab.hops != null) {
            report.line("\nimlab's own split of its latency, read right after the " + plan.rate() + " msg/s run (the server's "
                    + "percentiles cover about its last minute, Micrometer's window; count is since it started):");
            report.table(HopsTable.render(imlab.hops));
        }
    }

    /**
     * The axis is linear, so a system that fell seconds behind flattens the others into its floor:
     * a second plot leaves out whatever has a p99 over {@value #ZOOM_FACTOR} times the lowest.
     */
    private static void zoomed(Report report, PeersScenario.Plan plan, Map<String, Histogram> latency) {
        double lowest = latency.values().stream().mapToDouble(h -> Latency.ms(h, 99)).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        Map<String, Histogram> near = new LinkedHashMap<>();
        List<String> left = new ArrayList<>();
        latency.forEach((name, h) -> {
            if (Latency.ms(h, 99) <= ZOOM_FACTOR * Math.max(lowest, 1)) {
                near.put(name, h);
            } else {
                left.add(name + " (p99 " + Table.num(Latency.ms(h, 99)) + " ms)");
            }
        });
        if (!left.isEmpty() && !near.isEmpty()) {
            report.svg("latency-percentiles-zoom.svg", Svg.percentiles("peers: end to end at " + plan.rate()
                    + " msg/s, without " + String.join(", ", left), near));
        }
    }

    /** Server CPU seconds over the run's wall time (sending and draining). */
    private static double cores(PairResult p, PeersScenario.Plan plan) {
        double wall = plan.duration().toSeconds() + p.drainSeconds();
        return wall == 0 ? Double.NaN : p.serverCpuSeconds() / wall;
    }

    private static void plots(Report report, List<SystemRun> runs, PeersScenario.Plan plan) {
        List<String> names = new ArrayList<>();
        List<Double> flat = new ArrayList<>();
        List<String> idleNames = new ArrayList<>();
        List<Double> idle = new ArrayList<>();
        Map<String, Histogram> latency = new LinkedHashMap<>();
        Map<String, double[]> overTime = new LinkedHashMap<>();
        double[] seconds = new double[0];
        for (SystemRun r : runs) {
            if (r.flatOut != null) {
                names.add(r.name);
                flat.add(r.flatOut.deliveredPerSecond());
                overTime.put(r.name, r.flatOut.column(1));
                if (r.flatOut.timeline().size() > seconds.length) {
                    seconds = r.flatOut.column(0);
                }
            }
            if (r.idle != null) {
                idleNames.add(r.name);
                idle.add(r.idle.rssKbPerConnection());
            }
            if (r.fixedRate != null) {
                latency.put(r.name, r.fixedRate.endToEnd());
            }
        }
        if (!names.isEmpty()) {
            report.svg("flat-out-msgs.svg", Svg.bars("peers: single chat flat out, delivered", "msg/s", names, flat));
            report.svg("flat-out-over-time.svg", Svg.overTime("peers: delivered per second, flat out", "msg/s", seconds, overTime));
        }
        if (!idleNames.isEmpty()) {
            report.svg("idle-rss-per-connection.svg", Svg.bars("peers: server RSS per idle connection", "KB", idleNames, idle));
        }
        if (!latency.isEmpty()) {
            report.svg("latency-percentiles.svg", Svg.percentiles("peers: end to end at " + plan.rate() + " msg/s", latency));
            zoomed(report, plan, latency);
        }
    }
}
