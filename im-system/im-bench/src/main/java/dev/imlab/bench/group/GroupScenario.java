package dev.imlab.bench.group;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.report.Latency;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Svg;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.bench.traffic.Measurement;
import dev.imlab.bench.traffic.Peer;
import dev.imlab.bench.traffic.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One group of G members, a share of them online; a few online members send at a fixed total
 * rate. Reports fan-out deliveries per second (pushes that reached online members) and their
 * latency from send to push, with the checker's counts per online member. With {@code --reads},
 * every online member also marks read what it acks, as an app on screen does.
 */
public final class GroupScenario {
    /** Members named in the create request: well under the gateway's 64 KiB body for this bench's ids. */
    private static final int CREATE_AT_ONCE = 1_000;
    private final Options o;

    public GroupScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        int members = o.integer("members", 500);
        double online = o.decimal("online", 0.5);
        int senders = Math.max(1, o.integer("senders", 5));
        int rate = Math.max(1, o.integer("rate", 100));
        int size = o.integer("size", 100);
        Duration duration = o.duration("duration", Duration.ofSeconds(20));
        Duration warmup = o.duration("warmup", Duration.ofSeconds(Math.min(5, duration.toSeconds() / 4)));
        Report report = new Report("group", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        try (ImlabCluster cluster = ImlabCluster.startOrAttach(o, report.dir(), 0);
             Rig rig = new Rig(cluster.baseUri(), o.integer("client-threads", 2))) {
            List<String> users = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                users.add(rig.user("m", i));
            }
            List<String> tokens = rig.registerAndLogin(users);
            String groupId = rig.user("g", 0);
            createGroup(rig, tokens.get(0), groupId, users.subList(1, users.size()));
            boolean reads = o.flag("reads");
            if (reads) {
                rig.readWhatIsAcked();
            }
            String conversation = "sg_" + groupId;
            int onlineCount = Math.max(senders + 1, (int) Math.round(members * online));
            List<Peer> peers = new ArrayList<>();
            for (int i = 0; i < onlineCount && i < members; i++) {
                Peer p = rig.connect(users.get(i), tokens.get(i));
                if (i >= senders) { // a sending device gets send_acks for its own messages, not pushes
                    rig.checker().member(p.device(), conversation);
                }
                peers.add(p);
            }
            Thread pacer = new Thread(() -> {
                long start = System.nanoTime();
                long issued = 0;
                while (rig.sending()) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    while (issued < due && rig.sending()) {
                        peers.get((int) (issued % senders)).send(null, groupId, size);
                        issued++;
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-group-pacer");
            pacer.setDaemon(true);
            pacer.start();
            Measurement m = Measurement.run(rig, warmup, duration, o.duration("drain", Duration.ofSeconds(30)), "group");
            pacer.join(5_000);
            // A sender's own device gets a send_ack, not a push: it is not a receiver of its own messages.
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("members", members);
            setup.put("online", onlineCount);
            setup.put("senders", senders);
            setup.put("messagesPerSecond", rate);
            setup.put("sizeBytes", size);
            setup.put("readsBesideAcks", reads);
            report.put("setup", setup);
            report.put("imlab", m.asMap());
            rig.errors().forEach((code, n) -> report.note("error frames " + code + ": " + n.sum()));
            report.line("group of " + members + " members, " + onlineCount + " online, " + senders + " senders, " + rate
                    + " msg/s, body " + size + " B, " + duration.toSeconds() + " s"
                    + (reads ? "; every member marks read what it acks (" + Table.num(rig.reads()) + " read frames)" : ""));
            Table t = new Table("Group fan-out (send → push to each online member)", "", "per second", "p50 ms", "p99 ms",
                    "p99.9 ms", "max ms");
            t.row("deliveries (fan-out)", m.deliveredPerSecond(), Latency.ms(m.endToEnd, 50), Latency.ms(m.endToEnd, 99),
                    Latency.ms(m.endToEnd, 99.9), Latency.maxMs(m.endToEnd));
            t.row("group messages acked", m.ackedPerSecond(), Latency.ms(m.toAck, 50), Latency.ms(m.toAck, 99),
                    Latency.ms(m.toAck, 99.9), Latency.maxMs(m.toAck));
            report.table(t);
            report.line("\nChecker (per online member device): " + m.counts);
            if (!m.counts.clean()) {
                report.note("The checker found problems: " + m.counts);
            } else if (rig.errors().isEmpty()) {
                MeasuredKeys.Group keys = MeasuredKeys.group(members, reads);
                report.figure(keys.deliveries(), MeasuredKeys.value(m.deliveredPerSecond(), "deliveries/s"));
                report.figure(keys.p99(), MeasuredKeys.value(Latency.ms(m.endToEnd, 99), "ms"));
                if (reads) {
                    report.figure(MeasuredKeys.GROUP_READS_SENT, MeasuredKeys.count(rig.reads(), "read frames"));
                }
            }
            Map<String, org.HdrHistogram.Histogram> series = new LinkedHashMap<>();
            series.put("send → push (each member)", m.endToEnd);
            series.put("send → send_ack", m.toAck);
            report.svg("latency-percentiles.svg", Svg.percentiles("group: latency by percentile", series));
            Map<String, double[]> tput = new LinkedHashMap<>();
            tput.put("deliveries/s", m.column(1));
            report.svg("throughput-over-time.svg", Svg.overTime("group: fan-out deliveries per second", "deliveries/s",
                    m.column(0), tput));
        }
        return report;
    }

    /**
     * Creates the group with as many members as one request body holds (the gateway takes 64 KiB),
     * then adds the rest one by one, 8 at a time, as an owner would through the API.
     */
    private static void createGroup(Rig rig, String ownerToken, String groupId, List<String> members) throws Exception {
        int first = Math.min(members.size(), CREATE_AT_ONCE);
        rig.http().createGroup(ownerToken, groupId, members.subList(0, first));
        if (first == members.size()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> adds = new ArrayList<>();
            for (String member : members.subList(first, members.size())) {
                adds.add(pool.submit(() -> rig.http().addMember(ownerToken, groupId, member)));
            }
            for (Future<?> add : adds) {
                add.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
