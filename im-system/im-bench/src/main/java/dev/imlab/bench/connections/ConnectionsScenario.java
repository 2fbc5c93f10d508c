package dev.imlab.bench.connections;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ChildJvm;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.cluster.ServerStats;
import dev.imlab.bench.report.Progress;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Svg;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * N authenticated idle connections with heartbeats, over several client processes (one source
 * address each: 127.0.0.2, 127.0.0.3, ...) and, past one process's file limit, several
 * gateway-only JVMs. Memory per connection is the gateways' growth (RSS, and live heap after a
 * full GC) divided by the connections they hold; a bare Netty WebSocket server holding the same
 * number per process, measured the same way in the same run, is the baseline.
 */
public final class ConnectionsScenario {
    /** One JVM may hold 20,000 open files; leave room for jars, sockets to Kafka, Redis, MongoDB. */
    static final int PER_PROCESS = 19_000;
    static final double OPENIM_KB_PER_CONNECTION = 2.68e9 / 100_000 / 1024;
    static final double TARGET_CONNECTIONS = 100_000;
    static final double TARGET_RATIO = 1.5;

    private final Options o;

    public ConnectionsScenario(Options o) {
        this.o = o;
    }

    record Reading(long rss, long heap) {
    }

    record Side(String name, int asked, int open, int failed, double connectSeconds, long rssGrowth, long heapGrowth,
                int processes, List<String> failures) {
        double rssPerConnection() {
            return open == 0 ? Double.NaN : (double) rssGrowth / open;
        }

        double heapPerConnection() {
            return open == 0 ? Double.NaN : (double) heapGrowth / open;
        }

        double connectRate() {
            return connectSeconds == 0 ? 0 : open / connectSeconds;
        }
    }

    public Report run() throws Exception {
        int n = o.integer("connections", PER_PROCESS);
        int gateways = o.integer("gateways", Math.min(6, Math.max(1, (n + PER_PROCESS - 1) / PER_PROCESS)));
        int perClient = o.integer("per-client", 18_000);
        Duration hold = o.duration("hold", Duration.ofSeconds(30));
        int pingMs = (int) o.duration("ping", Duration.ofSeconds(25)).toMillis();
        Duration settle = o.duration("settle", Duration.ofSeconds(5));
        Report report = new Report("connections", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        Path logs = report.dir().resolve("logs");
        int baselineCount = Math.min(o.integer("baseline-connections", (n + gateways - 1) / gateways), PER_PROCESS);

        // 1. The baseline first, alone on the machine.
        Side bare;
        int barePort = ImlabCluster.freePort();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + o.string("server-heap", "1g")));
        String extra = o.string("server-jvm-args", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        try (ChildJvm server = ChildJvm.start("bare-netty", jvm, List.of("-cp", System.getProperty("java.class.path"),
                "dev.imlab.bench.BenchMain", "bare-server", Integer.toString(barePort)), logs.resolve("bare-netty.log"))) {
            awaitPort(barePort, server);
            bare = measure("bare Netty WebSocket", List.of(URI.create("http://127.0.0.1:" + barePort)), List.of(server.pid()),
                    baselineCount, perClient, null, pingMs, settle, Duration.ZERO, logs, null, true);
        }
        // 2. imlab: gateway-only JVMs beside one JVM with the other roles and the infrastructure.
        Side imlab;
        Map<String, Object> held = new LinkedHashMap<>();
        try (ImlabCluster cluster = ImlabCluster.startOrAttach(o, report.dir(), gateways)) {
            if (cluster.tokenSecret() == null) {
                throw new IllegalArgumentException("connections against --target needs --token-secret (the cluster's "
                        + "imlab.auth.token-secret), and the cluster must run with imlab.auth.require-registered-user=false");
            }
            imlab = measure("imlab gateway", cluster.gatewayUris(), cluster.gatewayPids(), n, perClient, cluster.tokenSecret(),
                    pingMs, settle, hold, logs, held, false);
        }
        describe(report, bare, imlab, gateways, hold, pingMs, held);
        return report;
    }

    private Side measure(String name, List<URI> servers, List<Long> pids, int n, int perClient, String secret, int pingMs,
                         Duration settle, Duration hold, Path logs, Map<String, Object> held, boolean bare) throws Exception {
        Thread.sleep(settle.toMillis());
        Reading before = read(pids);
        int clients = Math.max(1, (n + perClient - 1) / perClient);
        List<WorkerHandle> workers = new ArrayList<>();
        StringBuilder targets = new StringBuilder();
        servers.forEach(s -> targets.append(targets.length() == 0 ? "" : ",").append(s));
        String prefix = (bare ? "bare" : "c") + Long.toString(System.currentTimeMillis(), 36) + "-";
        long start = System.nanoTime();
        try {
            for (int k = 0; k < clients; k++) {
                int from = k * perClient;
                int count = Math.min(perClient, n - from);
                List<String> args = new ArrayList<>(List.of("--targets", targets.toString(), "--prefix", prefix,
                        "--from", Integer.toString(from), "--count", Integer.toString(count),
                        "--local", "127.0.0." + (2 + k), "--ping-ms", Integer.toString(pingMs)));
                if (bare) {
                    args.add("--bare");
                } else {
                    args.addAll(List.of("--secret", secret));
                }
                workers.add(new WorkerHandle(name.replace(' ', '-') + "-client-" + k, args, logs.resolve("client-" + (bare ? "bare-" : "") + k + ".log")));
            }
            Progress progress = new Progress("connect " + (bare ? "bare" : "imlab"));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!workers.stream().allMatch(WorkerHandle::done) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                int open = workers.stream().mapToInt(w -> w.open).sum();
                int failed = workers.stream().mapToInt(w -> w.failed).sum();
                progress.show((double) (open + failed) / n, Duration.ofNanos(System.nanoTime() - start),
                        () -> open + " open, " + failed + " failed of " + n);
            }
            progress.done();
            double connectSeconds = workers.stream().mapToLong(w -> Math.max(0, w.doneMs)).max().orElse(0) / 1000.0;
            Thread.sleep(settle.toMillis());
            if (!hold.isZero()) {
                Progress holding = new Progress("hold (heartbeats)");
                long holdStart = System.nanoTime();
                while (System.nanoTime() - holdStart < hold.toNanos()) {
                    Thread.sleep(1000);
                    holding.show((double) (System.nanoTime() - holdStart) / hold.toNanos(),
                            Duration.ofNanos(System.nanoTime() - holdStart), () -> "");
                }
                holding.done();
            }
            Reading after = read(pids);
            int open = 0;
            for (WorkerHandle w : workers) {
                int c = w.countOpen();
                open += Math.max(0, c);
            }
            int failed = workers.stream().mapToInt(w -> w.failed).sum();
            List<String> failures = new ArrayList<>();
            workers.stream().map(w -> w.firstFailure).filter(f -> f != null).limit(3).forEach(failures::add);
            if (held != null) {
                int serverSide = 0;
                for (URI s : servers) {
                    JsonNode stats = ServerStats.read(s);
                    serverSide += stats == null ? 0 : stats.path("connections").asInt();
                }
                held.put("openOnClientsAfterHold", open);
                held.put("sessionsOnGatewaysAfterHold", serverSide);
                held.put("gatewayRssBytes", after.rss);
                held.put("gatewayLiveHeapBytes", after.heap);
                held.put("gatewayThreads", pids.stream().mapToInt(ProcessProbe::threads).sum());
                List<Long> clientRss = new ArrayList<>();
                workers.forEach(w -> clientRss.add(ProcessProbe.rssBytes(w.pid())));
                held.put("clientProcessRssBytes", clientRss);
            }
            return new Side(name, n, open, failed, connectSeconds, after.rss - before.rss, after.heap - before.heap,
                    pids.size(), failures);
        } finally {
            workers.forEach(WorkerHandle::close);
        }
    }

    private static Reading read(List<Long> pids) {
        long rss = 0;
        long heap = 0;
        for (long pid : pids) {
            heap += ProcessProbe.liveHeapBytes(pid); // full GC first, then RSS, so RSS sees the collected heap
            rss += ProcessProbe.rssBytes(pid);
        }
        return new Reading(rss, heap);
    }

    private void describe(Report report, Side bare, Side imlab, int gateways, Duration hold, int pingMs, Map<String, Object> held) {
        report.line(imlab.asked + " connections asked of " + gateways + " gateway JVM(s); baseline " + bare.asked
                + " on one bare Netty JVM; ping every " + pingMs / 1000 + " s; held " + hold.toSeconds() + " s");
        Table t = new Table("Idle authenticated connections: memory per connection", "", "open", "failed", "connect/s",
                "RSS KB/conn", "heap KB/conn", "RSS × bare", "heap × bare");
        double rssRatio = imlab.rssPerConnection() / bare.rssPerConnection();
        double heapRatio = imlab.heapPerConnection() / bare.heapPerConnection();
        t.row(imlab.name + " (" + imlab.processes + " JVM)", imlab.open, imlab.failed, imlab.connectRate(),
                imlab.rssPerConnection() / 1024, imlab.heapPerConnection() / 1024, rssRatio, heapRatio);
        t.row(bare.name + " (same run)", bare.open, bare.failed, bare.connectRate(), bare.rssPerConnection() / 1024,
                bare.heapPerConnection() / 1024, 1.0, 1.0);
        t.row("bare Netty, reference on this machine", "102,000", "-", "-", 6.0, 2.3, "-", "-");
        t.row("OpenIM gateway (published)", "100,000", "-", "-", OPENIM_KB_PER_CONNECTION, "-",
                OPENIM_KB_PER_CONNECTION / (bare.rssPerConnection() / 1024), "-");
        report.table(t);
        report.line("  (RSS growth of the server JVMs / open connections; heap = live objects after a full GC, jcmd GC.class_histogram)");
        report.line("  after the hold: " + held);
        for (Side s : List.of(bare, imlab)) {
            if (!s.failures().isEmpty()) {
                report.note(s.name() + " connection failures, e.g.: " + s.failures());
            }
        }
        Map<String, Object> sides = new LinkedHashMap<>();
        for (Side s : List.of(imlab, bare)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asked", s.asked());
            m.put("open", s.open());
            m.put("failed", s.failed());
            m.put("processes", s.processes());
            m.put("connectSeconds", s.connectSeconds());
            m.put("connectsPerSecond", s.connectRate());
            m.put("rssGrowthBytes", s.rssGrowth());
            m.put("liveHeapGrowthBytes", s.heapGrowth());
            m.put("rssBytesPerConnection", s.rssPerConnection());
            m.put("heapBytesPerConnection", s.heapPerConnection());
            sides.put(s == bare ? "bareNetty" : "imlab", m);
        }
        sides.put("rssRatio", rssRatio);
        sides.put("heapRatio", heapRatio);
        sides.put("afterHold", held);
        sides.put("openimKbPerConnection", OPENIM_KB_PER_CONNECTION);
        report.put("connections", sides);
        String limits = "per-session state of the gateway (session, route entry, heartbeat wheel slot, retransmit state) "
                + "on top of Netty's own; see heap histogram (jcmd <pid> GC.class_histogram) of a gateway";
        report.target("gateway RSS per idle connection vs bare Netty", rssRatio, TARGET_RATIO, false, "× bare", limits);
        report.target("gateway heap per idle connection vs bare Netty", heapRatio, TARGET_RATIO, false, "× bare", limits);
        if (imlab.asked() >= TARGET_CONNECTIONS) {
            report.target("concurrent authenticated connections (≤ 6 gateway JVMs)", imlab.open(), TARGET_CONNECTIONS, true,
                    "connections", "client or gateway file limits, connect timeouts; see the logs folder");
        } else {
            report.note("This run asked for " + imlab.asked() + " connections; the 100,000 target needs --connections 100000.");
        }
        if (imlab.open() > 0 && imlab.processes() == 1) { // the handbook quotes one gateway JVM
            report.figure(MeasuredKeys.CONN_COUNT, MeasuredKeys.count(imlab.open(), "connections"));
            report.figure(MeasuredKeys.CONN_RSS_PER, MeasuredKeys.value(imlab.rssPerConnection() / 1024, "KiB"));
            report.figure(MeasuredKeys.CONN_HEAP_PER, MeasuredKeys.value(imlab.heapPerConnection() / 1024, "KiB"));
            report.figure(MeasuredKeys.CONN_RATE, MeasuredKeys.value(imlab.connectRate(), "connects/s"));
        }
        report.svg("memory-per-connection.svg", Svg.bars("memory per idle connection (KB)", "KB",
                List.of("imlab RSS", "bare Netty RSS", "imlab heap", "bare Netty heap", "OpenIM (published)"),
                List.of(imlab.rssPerConnection() / 1024, bare.rssPerConnection() / 1024, imlab.heapPerConnection() / 1024,
                        bare.heapPerConnection() / 1024, OPENIM_KB_PER_CONNECTION)));
    }

    private static void awaitPort(int port, ChildJvm jvm) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && jvm.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (Exception notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("bare server did not listen on " + port + "; see " + jvm.log());
    }
}
