package dev.imlab.bench.catchup;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.cluster.ServerStats;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.bench.traffic.Rig;
import dev.imlab.client.ImClient;
import dev.imlab.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A device back after its messages expired (handbook: "messages expire after 30 days; a phone was
 * offline for 40"), on a server whose TTL is seconds ({@code --ttl}). The backlog is stored, then
 * left to expire; the device connects before the reaper's first pass, so {@code minSeq} is found at
 * read time (stored bound, then probe and binary search), and the run checks that the device is
 * handed nothing and hears every conversation expired up to its end. Then the run times the
 * reaper deleting the expired messages, and {@code sync} again once the bounds are stored.
 */
public final class ExpiryScenario {
    private static final int SYNCS = 21;
    /** Time the device needs, after all expired, to connect, sync and be timed before the reaper's first pass. */
    private static final long SETTLE_NANOS = 10_000_000_000L;

    private final Options o;

    public ExpiryScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        if (o.string("target", null) != null) {
            throw new IllegalArgumentException("expiry sets the server's TTL: it starts its own server, it cannot use --target");
        }
        int messages = Math.max(1, o.integer("messages", 50_000));
        int conversations = Math.max(1, o.integer("conversations", 10));
        Duration ttl = o.duration("ttl", Duration.ofSeconds(30));
        Duration reapInterval = o.duration("reap-interval", Duration.ofSeconds(90));
        Duration timeout = o.duration("timeout", Duration.ofMinutes(10));
        Report report = new Report("expiry", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        List<String> serverArgs = List.of("--imlab.retention.message-ttl=" + ttl.toMillis() + "ms",
                "--imlab.retention.reap-interval=" + reapInterval.toMillis() + "ms");
        try (ImlabCluster cluster = ImlabCluster.start(o, report.dir(), 0, serverArgs);
             Rig rig = new Rig(cluster.baseUri(), o.integer("client-threads", 2))) {
            long serverUp = System.nanoTime();
            Backlog backlog = Backlog.register(rig, conversations);
            double fillSeconds = backlog.fill(messages, o.integer("size", 100), 32, timeout);
            long allExpired = System.nanoTime() + ttl.toNanos() + 1_000_000_000L;
            long firstReap = serverUp + reapInterval.toNanos();
            if (allExpired + SETTLE_NANOS >= firstReap) {
                throw new IllegalStateException("the backlog would not all have expired before the reaper's first pass: "
                        + "give --reap-interval more than the fill (" + Math.round(fillSeconds) + " s) plus --ttl plus 10 s");
            }
            sleepUntil(allExpired);

            Map<String, Long> expiredTo = new ConcurrentHashMap<>();
            AtomicLong handed = new AtomicLong();
            try (ImClient device = ImClient.builder().baseUri(cluster.baseUri()).userId(backlog.receiver()).deviceId("phone")
                    .token(backlog.receiverToken("phone")).build()) {
                device.onMessage(m -> handed.incrementAndGet());
                device.onExpired(expiredTo::put);
                long connectStart = System.nanoTime();
                device.connect();
                List<ServerFrame.ConversationState> states = device.sync().get(30, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!allHeard(states, expiredTo) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                double heardMs = (System.nanoTime() - connectStart) / 1e6;
                long reclaimedBefore = reclaimed(cluster);
                double syncUnreaped = medianSyncMs(device);
                String beforeVerdict = verdict(states, expiredTo, handed.get(), conversations, messages);

                // The reaper counts batch by batch (100 messages): the rate is taken from the first count seen
                // to the last, so the first batch's own time is not in it.
                long reapDeadline = firstReap + timeout.toNanos();
                long reapStart = -1;
                long reclaimedAtStart = 0;
                long reclaimed = reclaimed(cluster);
                while (reclaimed < messages && System.nanoTime() < reapDeadline) {
                    if (reclaimed > 0 && reapStart < 0) {
                        reapStart = System.nanoTime();
                        reclaimedAtStart = reclaimed;
                    }
                    Thread.sleep(20);
                    reclaimed = reclaimed(cluster);
                }
                double reapSeconds = reapStart < 0 ? Double.NaN : (System.nanoTime() - reapStart) / 1e9;
                double reapRate = reclaimed == reclaimedAtStart ? Double.NaN : (reclaimed - reclaimedAtStart) / reapSeconds;
                double syncReaped = medianSyncMs(device);
                List<ServerFrame.ConversationState> after = device.sync().get(30, TimeUnit.SECONDS);
                String afterVerdict = verdict(after, expiredTo, handed.get(), conversations, messages);

                Map<String, Object> m = new LinkedHashMap<>();
                m.put("messages", messages);
                m.put("conversations", conversations);
                m.put("ttl", ttl.toString());
                m.put("reapInterval", reapInterval.toString());
                m.put("fillSeconds", fillSeconds);
                m.put("connectToEveryExpiryHeardMs", heardMs);
                m.put("reclaimedBeforeTheDevice", reclaimedBefore);
                m.put("syncMedianMsBeforeTheReaper", syncUnreaped);
                m.put("reclaimed", reclaimed);
                m.put("reapSeconds", reapSeconds);
                m.put("reapMessagesPerSecond", reapRate);
                m.put("syncMedianMsAfterTheReaper", syncReaped);
                m.put("messagesHandedToTheApp", handed.get());
                m.put("checkBeforeTheReaper", beforeVerdict);
                m.put("checkAfterTheReaper", afterVerdict);
                report.put("imlab", m);
                describe(report, m, beforeVerdict, afterVerdict, reclaimedBefore);
            }
        }
        return report;
    }

    private static void describe(Report report, Map<String, Object> m, String before, String after, long reclaimedBefore) {
        report.line(Table.num(((Number) m.get("messages")).doubleValue()) + " messages in " + m.get("conversations")
                + " conversations, stored in " + Table.num((Double) m.get("fillSeconds")) + " s, left to expire (TTL "
                + m.get("ttl") + ", reaper every " + m.get("reapInterval") + "); then the user's device connects (Java SDK)");
        Table t = new Table("Expiry", "", "value");
        t.row("connect → every conversation heard expired to its end (ms)", m.get("connectToEveryExpiryHeardMs"));
        t.row("sync, median of " + SYNCS + ", before the reaper: minSeq by probe and binary search (ms)",
                m.get("syncMedianMsBeforeTheReaper"));
        t.row("the reaper's pass: expired messages deleted", m.get("reclaimed"));
        t.row("the reaper's pass: seconds, from the first count seen in /api/v1/stats (every 20 ms)", m.get("reapSeconds"));
        t.row("the reaper's pass: messages deleted per second", m.get("reapMessagesPerSecond"));
        t.row("sync, median of " + SYNCS + ", after the reaper: stored bounds (ms)", m.get("syncMedianMsAfterTheReaper"));
        t.row("messages handed to the app (all expired: 0 expected)", m.get("messagesHandedToTheApp"));
        report.table(t);
        report.line("\ncheck before the reaper: " + before);
        report.line("check after the reaper: " + after);
        long messages = ((Number) m.get("messages")).longValue();
        double reapRate = (Double) m.get("reapMessagesPerSecond");
        if (!before.equals("clean") || !after.equals("clean") || reclaimedBefore != 0) {
            report.note("Not clean: before the reaper " + before + "; after " + after + "; reclaimed before the device came "
                    + reclaimedBefore);
        } else if (((Number) m.get("reclaimed")).longValue() == messages) {
            report.figure(MeasuredKeys.EXPIRY_MSGS, MeasuredKeys.count(messages, "messages"));
            report.figure(MeasuredKeys.EXPIRY_SYNC, MeasuredKeys.value((Double) m.get("syncMedianMsBeforeTheReaper"), "ms"));
            report.figure(MeasuredKeys.EXPIRY_SYNC_REAPED, MeasuredKeys.value((Double) m.get("syncMedianMsAfterTheReaper"), "ms"));
            if (!Double.isNaN(reapRate)) { // a small backlog can be gone between two looks
                report.figure(MeasuredKeys.EXPIRY_REAP_RATE, MeasuredKeys.value(reapRate, "messages/s"));
            }
        }
    }

    /** Every conversation heard expired up to its end: {@code minSeq = maxSeq + 1}. */
    private static boolean allHeard(List<ServerFrame.ConversationState> states, Map<String, Long> expiredTo) {
        return states.stream().allMatch(s -> expiredTo.getOrDefault(s.conversationId(), 0L) == s.maxSeq() + 1);
    }

    /** "clean", or what is wrong: every line all expired, nothing unread, everything heard, nothing handed on. */
    private static String verdict(List<ServerFrame.ConversationState> states, Map<String, Long> expiredTo, long handed,
                                  int conversations, long messages) {
        List<String> bad = new ArrayList<>();
        if (states.size() != conversations) {
            bad.add(states.size() + " conversations synced, not " + conversations);
        }
        long stored = states.stream().mapToLong(ServerFrame.ConversationState::maxSeq).sum();
        if (stored != messages) {
            bad.add("maxSeq sums to " + stored + ", not " + messages);
        }
        states.stream().filter(s -> s.minSeq() != s.maxSeq() + 1 || s.unread() != 0)
                .forEach(s -> bad.add(s.conversationId() + " minSeq " + s.minSeq() + " maxSeq " + s.maxSeq() + " unread " + s.unread()));
        if (!allHeard(states, expiredTo)) {
            bad.add("onExpired did not hear every conversation to its end");
        }
        if (handed != 0) {
            bad.add(handed + " expired messages handed to the app");
        }
        return bad.isEmpty() ? "clean" : String.join("; ", bad);
    }

    private static double medianSyncMs(ImClient device) throws Exception {
        double[] ms = new double[SYNCS];
        for (int i = 0; i < SYNCS; i++) {
            long start = System.nanoTime();
            device.sync().get(30, TimeUnit.SECONDS);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[SYNCS / 2];
    }

    private static long reclaimed(ImlabCluster cluster) {
        JsonNode stats = ServerStats.read(cluster.baseUri());
        JsonNode v = stats == null ? null : stats.path("features").get("expiredReclaimed");
        return v == null ? 0 : v.asLong();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
