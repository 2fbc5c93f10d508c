package dev.imlab.bench.transfer;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ChildJvm;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.report.Latency;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.bench.throughput.KafkaCeiling;
import dev.imlab.bench.upstream.GroupWatch;
import dev.imlab.bench.upstream.StoredCheck;
import dev.imlab.bench.upstream.UpstreamFill;
import dev.imlab.bus.Topics;
import dev.imlab.transfer.TransferService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transfer stage alone. The main JVM runs the embedded infrastructure and an idle gateway
 * ({@code --main-roles}: {@link #MAIN_ROLES}); a JVM with only the transfer role first drains {@code --warmup-messages} records on
 * conversations of their own (the JIT compiles the hot code of both JVMs meanwhile: on 2 cores a
 * cold drain spends much of its CPU there), then the bench fills {@code im.upstream} with
 * {@code --messages} records and times the drain from the end of the fill (what was already stored
 * by then is not counted) until the group has committed every record of every partition. Without a
 * warm-up the transfer JVM starts after the fill and the clock from its group owning the partitions. The transfer commits a record
 * only once the message is stored in MongoDB and Kafka took its push and send_ack, so the clock
 * stops when all of it is stored durably and handed on. Then every conversation's {@code maxSeq}
 * and a sample of messages are read back.
 *
 * <p>Baselines from the same run: the raw Kafka round trip on the same broker and, with
 * {@code --ceiling-memory}, the same drain on a MongoDB stand-in that keeps nothing (what storing
 * costs).
 */
public final class TransferScenario {
    /** The target for this stage. */
    static final double TARGET_MSGS_PER_SECOND = 45_000;
    /**
     * The main JVM's roles beside the infrastructure: a gateway (its health is how the bench knows the
     * JVM is up; it has no clients). The push and confirm roles would consume what the transfer
     * produces on the same 2 cores meanwhile; on a cluster they run elsewhere, and the stage is the
     * transfer's. {@code --main-roles gateway,push,confirm} measures with them.
     */
    static final String MAIN_ROLES = "gateway";
    /** A process that only transfers: two consumers, one storing while the other computes (imlab.transfer.consumers). */
    static final int TRANSFER_CONSUMERS = 2;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(150);

    private final Options o;

    public TransferScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        if (o.string("target", null) != null) {
            throw new IllegalArgumentException("transfer starts its own servers (the transfer role in a JVM of its own); "
                    + "drop --target");
        }
        Report report = new Report("transfer", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        List<Drain> drains = new ArrayList<>();
        drains.add(drain(o, report.dir(), !o.flag("no-ceiling")));
        if (o.flag("ceiling-memory")) {
            drains.add(drain(o.copy().with("storage", "memory"), report.dir().resolve("memory-storage"), false));
        }
        describe(report, drains, drains.get(0).ceiling());
        return report;
    }

    /** A fresh cluster, filled, drained by a transfer JVM, checked; then the raw Kafka ceiling on its broker if asked. */
    private Drain drain(Options options, Path dir, boolean withCeiling) throws Exception {
        int messages = o.integer("messages", 200_000);
        // Generous: the slowest transfer measured here stored about 1,000 msg/s.
        Duration timeout = o.duration("timeout", Duration.ofSeconds(120 + messages / 500));
        String storage = options.string("storage", "disk");
        int warmup = o.integer("warmup-messages", 900_000);
        int conversations = o.integer("conversations", 50);
        int size = o.integer("size", 100);
        String mainRoles = mainRoles();
        int consumers = transferConsumers();
        try (ImlabCluster cluster = ImlabCluster.start(options, dir, 0, List.of("--imlab.roles=" + mainRoles));
             GroupWatch group = new GroupWatch(cluster.kafkaBootstrap(), TransferService.GROUP_ID, Topics.UPSTREAM)) {
            ChildJvm transfer = null;
            double joinSeconds = 0;
            if (warmup > 0) {
                UpstreamFill.run(cluster.kafkaBootstrap(), warmup, conversations, size, "warm");
                long start = System.nanoTime();
                transfer = joined(cluster, group, consumers);
                joinSeconds = (System.nanoTime() - start) / 1e9;
                group.awaitCaughtUp(warmup, timeout, transfer::isAlive, "warm-up drain (" + storage + ")");
            }
            UpstreamFill.Result fill = UpstreamFill.run(cluster.kafkaBootstrap(), messages, conversations, size);
            if (transfer == null) {
                long start = System.nanoTime();
                transfer = joined(cluster, group, consumers);
                joinSeconds = (System.nanoTime() - start) / 1e9;
            }
            long timed = group.uncommitted();
            long clock = System.nanoTime();
            long cpuTransfer = ProcessProbe.cpuNanos(transfer.pid());
            long cpuMain = ProcessProbe.cpuNanos(cluster.mainPid());
            ChildJvm draining = transfer;
            long left = group.awaitCaughtUp(timed, timeout, draining::isAlive, "transfer drain (" + storage + ")");
            long end = System.nanoTime();
            cpuTransfer = ProcessProbe.cpuNanos(transfer.pid()) - cpuTransfer;
            cpuMain = ProcessProbe.cpuNanos(cluster.mainPid()) - cpuMain;
            StoredCheck.Counts check = StoredCheck.run(cluster.mongoUri(), fill, o.integer("sample", 1_000));
            KafkaCeiling.Result ceiling = withCeiling ? KafkaCeiling.run(cluster.kafkaBootstrap(), size,
                    o.duration("ceiling-duration", Duration.ofSeconds(5)), o.integer("ceiling-window", 1_000), 8) : null;
            return new Drain(storage, fill, joinSeconds, warmup, timed, (end - clock) / 1e9, left, check,
                    cpuTransfer / 1e9, cpuMain / 1e9, ceiling);
        }
    }

    /** Starts the transfer JVM and waits until its consumer group owns the partitions. */
    private static ChildJvm joined(ImlabCluster cluster, GroupWatch group, int consumers) throws Exception {
        ChildJvm transfer = cluster.startJoining("transfer", "transfer", List.of("--imlab.transfer.consumers=" + consumers));
        if (!group.awaitAssigned(JOIN_TIMEOUT, transfer::isAlive)) {
            throw new IllegalStateException("the transfer JVM did not join " + TransferService.GROUP_ID + " in "
                    + JOIN_TIMEOUT.toSeconds() + " s; see " + transfer.log());
        }
        return transfer;
    }

    private void describe(Report report, List<Drain> drains, KafkaCeiling.Result ceiling) {
        Drain disk = drains.get(0);
        UpstreamFill.Result fill = disk.fill();
        report.line(fill.messages() + " messages in im.upstream (" + fill.conversations().size() + " single chats, body "
                + fill.bodyBytes() + " B), put there before the transfer started; one transfer JVM (imlab.transfer.consumers="
                + transferConsumers() + "), the infrastructure and the roles " + mainRoles()
                + " in another");
        Table t = new Table("The transfer stage alone: im.upstream → stored in MongoDB → im.push and send_acks on Kafka",
                "", "msg/s", "seconds", "messages");
        for (Drain d : drains) {
            t.row("imlab transfer, " + label(d.storage()), d.perSecond(), d.seconds(), d.drained());
        }
        if (ceiling != null) {
            t.row("raw Kafka produce → consume, same broker", ceiling.messagesPerSecond(),
                    (double) o.duration("ceiling-duration", Duration.ofSeconds(5)).toSeconds(), ceiling.messages());
            report.put("kafkaCeiling", Map.of("messagesPerSecond", ceiling.messagesPerSecond(),
                    "latency", Latency.summary(ceiling.latency())));
        }
        t.row("bench producer → im.upstream (the fill)", fill.messagesPerSecond(), fill.seconds(), fill.messages());
        report.table(t);
        report.line(disk.warmupMessages() > 0
                ? String.format(Locale.ROOT, "  clock: after a warm-up drain of %,d messages on other conversations, from "
                        + "the end of the fill (%,d records then uncommitted) until committed = end offset on every "
                        + "partition, read every %d ms", disk.warmupMessages(), disk.timed(), GroupWatch.POLL.toMillis())
                : String.format(Locale.ROOT, "  clock: no warm-up (cold JIT); from the group owning its partitions "
                        + "(%.1f s after the transfer JVM started, not counted) until committed = end offset on every "
                        + "partition, read every %d ms", disk.joinSeconds(), GroupWatch.POLL.toMillis()));
        if (ceiling != null) {
            report.line(String.format(Locale.ROOT, "  transfer / Kafka ceiling: %.0f%% of the raw round trip's msg/s",
                    100 * disk.perSecond() / Math.max(1, ceiling.messagesPerSecond())));
        }
        if (drains.size() > 1) {
            report.line(String.format(Locale.ROOT, "  storing costs: on disk the transfer drains %.0f%% of what it drains on "
                    + "storage that keeps nothing", 100 * disk.perSecond() / Math.max(1, drains.get(1).perSecond())));
        }
        report.line("");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Drain d : drains) {
            json.add(d.asMap());
            report.line(String.format(Locale.ROOT, "%s: CPU during the drain: transfer JVM %.1f s, main JVM %.1f s "
                    + "(of %.1f s × %d cores)", label(d.storage()), d.cpuTransfer(), d.cpuMain(), d.seconds(),
                    Runtime.getRuntime().availableProcessors()));
            report.line("  stored, read back from MongoDB: " + d.check());
            if (!d.check().clean()) {
                report.note("Stored check failed (" + label(d.storage()) + "): " + d.check());
            }
            if (d.left() > 0) {
                report.note("The drain (" + label(d.storage()) + ") gave up with " + d.left() + " records uncommitted");
            }
        }
        for (Drain d : drains) {
            if (d.check().clean() && d.left() == 0) {
                report.figure(d.storage().equals("memory") ? MeasuredKeys.TRANSFER_STAGE_NOSTORE : MeasuredKeys.TRANSFER_STAGE,
                        MeasuredKeys.value(d.perSecond(), "msg/s"));
            }
        }
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("messages", fill.messages());
        setup.put("conversations", fill.conversations().size());
        setup.put("sizeBytes", fill.bodyBytes());
        report.put("setup", setup);
        report.put("drains", json);
        report.target("transfer msg/s stored durably and handed on (" + label(disk.storage()) + ")", disk.perSecond(),
                TARGET_MSGS_PER_SECOND, true, "msg/s", String.format(Locale.ROOT, "%d cores shared by the transfer JVM "
                        + "(%.1f CPU-s in the drain), the main JVM with Kafka, the MongoDB stand-in and %s (%.1f "
                        + "CPU-s) and whatever else runs (load average below); --ceiling-memory shows what storing costs",
                        Runtime.getRuntime().availableProcessors(), disk.cpuTransfer(), mainRoles(),
                        disk.cpuMain()));
    }

    private String mainRoles() {
        return o.string("main-roles", MAIN_ROLES);
    }

    private int transferConsumers() {
        return o.integer("transfer-consumers", TRANSFER_CONSUMERS);
    }

    private String label(String storage) {
        return storage.equals("memory") ? "stand-in that keeps nothing (ceiling)"
                : "MongoDB stand-in on disk" + (o.string("mongo-fsync", "true").equals("false") ? ", no fsync" : ", fsync");
    }
}
