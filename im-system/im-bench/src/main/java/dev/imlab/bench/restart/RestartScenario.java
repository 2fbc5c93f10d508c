package dev.imlab.bench.restart;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.DataFolder;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.bench.upstream.GroupWatch;
import dev.imlab.bench.upstream.StoredCheck;
import dev.imlab.bench.upstream.UpstreamFill;
import dev.imlab.bus.Topics;
import dev.imlab.transfer.TransferService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restart after a crash with many stored messages. The bench starts the server (every role, the
 * embedded infrastructure), stores {@code --messages} messages through its transfer (it fills
 * {@code im.upstream} directly and waits until the transfer committed all of them: the fastest
 * honest way to store a million), kills the server JVM with SIGKILL, starts it again on the same
 * data folder and ports, and times that start until {@code /api/v1/health} answers UP (the gateway
 * listens and the transfer, push and confirm own their partitions). Then it reads back every
 * conversation's {@code maxSeq} and a sample of messages.
 *
 * <p>Baseline from the same run: the first start of the same server, on an empty data folder.
 */
public final class RestartScenario {
    /** The target: healthy again within this many seconds of the new process's start. */
    static final double TARGET_SECONDS = 15;
    private static final Pattern PROCESS_UP =
            Pattern.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

    private final Options o;

    public RestartScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        if (o.string("target", null) != null) {
            throw new IllegalArgumentException("restart kills the server it started; it cannot run against --target");
        }
        int messages = o.integer("messages", 1_000_000);
        Duration timeout = o.duration("timeout", Duration.ofSeconds(120 + messages / 500));
        Report report = new Report("restart", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        try (ImlabCluster cluster = ImlabCluster.start(o, report.dir(), 0, List.of())) {
            double firstStart = cluster.lastStart().toMillis() / 1e3;
            double firstUp = processUpSeconds(cluster.mainLog());
            long start = System.nanoTime();
            UpstreamFill.Result fill = store(cluster, messages, timeout);
            double storeSeconds = (System.nanoTime() - start) / 1e9;
            Path data = cluster.mainDataDir();
            Map<String, Long> disk = new LinkedHashMap<>();
            disk.put("whole data folder", DataFolder.bytesOnDisk(data));
            disk.put("MongoDB stand-in (mongo/documents)", DataFolder.bytesOnDisk(data.resolve("mongo/documents")));
            disk.put("Kafka (kafka)", DataFolder.bytesOnDisk(data.resolve("kafka")));
            long heapBefore = ProcessProbe.liveHeapBytes(cluster.mainPid());

            cluster.killMain();
            double restart = cluster.restartMain().toMillis() / 1e3;

            double restartUp = processUpSeconds(cluster.mainLog());
            long heapAfter = ProcessProbe.liveHeapBytes(cluster.mainPid());
            long rssAfter = ProcessProbe.rssBytes(cluster.mainPid());
            StoredCheck.Counts check = StoredCheck.run(cluster.mongoUri(), fill, o.integer("sample", 1_000));
            describe(report, new Restart(fill, storeSeconds, firstStart, firstUp, restart, restartUp, disk, heapBefore,
                    heapAfter, rssAfter, check));
        }
        return report;
    }

    /** Fills im.upstream and returns once the transfer committed every record: each message stored. */
    private UpstreamFill.Result store(ImlabCluster cluster, int messages, Duration timeout) throws Exception {
        try (GroupWatch group = new GroupWatch(cluster.kafkaBootstrap(), TransferService.GROUP_ID, Topics.UPSTREAM)) {
            UpstreamFill.Result fill = UpstreamFill.run(cluster.kafkaBootstrap(), messages, o.integer("conversations", 50),
                    o.integer("size", 100));
            long left = group.awaitCaughtUp(messages, timeout, cluster::mainAlive, "storing");
            if (left > 0) {
                throw new IllegalStateException((messages - left) + " of " + messages + " messages stored after "
                        + timeout.toSeconds() + " s (--timeout); nothing to restart with");
            }
            return fill;
        }
    }

    /**
     * When Spring Boot said the server started ("process running for 8.8"), from the JVM's start:
     * the rest of the time until healthy, the roles waited for their Kafka partitions. NaN if not in the log.
     */
    static double processUpSeconds(Path log) throws IOException {
        Matcher m = PROCESS_UP.matcher(Files.readString(log));
        double up = Double.NaN;
        while (m.find()) {
            up = Double.parseDouble(m.group(1));
        }
        return up;
    }

    private static void describe(Report report, Restart r) {
        UpstreamFill.Result fill = r.fill();
        report.line(fill.messages() + " messages stored (" + fill.conversations().size() + " single chats, body "
                + fill.bodyBytes() + " B) through the transfer, then kill -9 of the server JVM and a start on the same "
                + "data folder and ports");
        Table start = new Table("Server JVM start until /api/v1/health answers UP", "", "healthy after s",
                "process started after s");
        start.row("after kill -9, " + fill.messages() + " messages stored", r.restartSeconds(), r.restartUpSeconds());
        start.row("first start, empty data folder (same run)", r.firstStartSeconds(), r.firstUpSeconds());
        report.table(start);
        report.line("  process started: Spring Boot's \"Started ... (process running for N s)\"; after it the roles wait "
                + "for their Kafka partitions");
        Table store = new Table("Storing them (all roles in one JVM)", "", "msg/s", "seconds");
        store.row("bench producer → im.upstream", fill.messagesPerSecond(), fill.seconds());
        store.row("first produce → last committed by the transfer", r.storedPerSecond(), r.storeSeconds());
        report.table(store);
        Table disk = new Table("Data folder on disk (du), before the kill", "", "MB", "bytes per message");
        r.disk().forEach((what, bytes) -> disk.row(what, bytes / 1e6, (double) bytes / fill.messages()));
        report.table(disk);
        report.line(String.format(java.util.Locale.ROOT, "Main JVM live heap (after a full GC): %.0f MB before the kill, "
                + "%.0f MB after the restart; RSS after the restart %.0f MB", r.heapBefore() / 1e6, r.heapAfter() / 1e6,
                r.rssAfter() / 1e6));
        report.line("Stored, read back from MongoDB after the restart: " + r.check());
        report.put("setup", Map.of("messages", fill.messages(), "conversations", fill.conversations().size(),
                "sizeBytes", fill.bodyBytes()));
        report.put("restart", r.asMap());
        if (!r.check().clean()) {
            report.note("Lost or wrong after the restart: " + r.check());
        } else {
            report.figure(MeasuredKeys.RESTART_MSGS, MeasuredKeys.count(fill.messages(), "messages"));
            report.figure(MeasuredKeys.RESTART_HEALTHY, MeasuredKeys.value(r.restartSeconds(), "s"));
        }
        report.target("restart after kill -9 with " + fill.messages() + " stored messages, until healthy", r.restartSeconds(),
                TARGET_SECONDS, false, "s", "until \"process started\" the JVM, the embedded Kafka, Redis and MongoDB "
                        + "stand-in (recovering their logs after an unclean shutdown) and Spring; after it the roles wait for "
                        + "their Kafka partitions, most likely until the killed JVM's consumers' sessions time out; "
                        + "logs/imlab-main-2.log has each part's time");
    }
}
