package dev.imlab.bench.catchup;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.report.Report;
import dev.imlab.bench.report.Svg;
import dev.imlab.bench.report.Table;
import dev.imlab.bench.results.MeasuredKeys;
import dev.imlab.bench.traffic.Rig;
import dev.imlab.client.ImClient;
import dev.imlab.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user back after a long time away (handbook: "tens of thousands of messages waiting"). While
 * the receiver has no device online, one sender per conversation sends it {@code --messages} in
 * all, flat out, until every one is stored ({@code send_ack}). Then the receiver's device connects
 * with the Java SDK, which syncs and pulls every gap page by page (200 a page, the server's limit)
 * and acks as it goes, as an app would. The run times the connect, the last message handed to the
 * app, and the moment the server's cursors show everything acked; it checks that each conversation
 * reached the app once, in seq order, without a gap.
 */
public final class CatchUpScenario {
    private final Options o;

    public CatchUpScenario(Options o) {
        this.o = o;
    }

    public Report run() throws Exception {
        int messages = Math.max(1, o.integer("messages", 50_000));
        int conversations = Math.max(1, o.integer("conversations", 10));
        int size = o.integer("size", 100);
        int window = Math.max(1, o.integer("window", 32));
        Duration timeout = o.duration("timeout", Duration.ofMinutes(10));
        Report report = new Report("catchup", o.string("out", "im-system/im-bench/target/bench-results"), o.asMap());
        try (ImlabCluster cluster = ImlabCluster.startOrAttach(o, report.dir(), 0);
             Rig rig = new Rig(cluster.baseUri(), o.integer("client-threads", 2))) {
            Backlog backlog = Backlog.register(rig, conversations);
            double fillSeconds = backlog.fill(messages, size, window, timeout);
            String receiver = backlog.receiver();

            Arrival arrival = new Arrival();
            String token = backlog.receiverToken("phone");
            long connectStart = System.nanoTime();
            try (ImClient device = ImClient.builder().baseUri(cluster.baseUri()).userId(receiver).deviceId("phone")
                    .token(token).build()) {
                device.onMessage(arrival::take);
                device.connect();
                long connected = System.nanoTime();
                long deadline = connectStart + timeout.toNanos();
                while (arrival.count() < messages && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long allDelivered = System.nanoTime();
                long allAcked = waitUntilAcked(device, deadline);
                Result r = new Result(messages, conversations, fillSeconds, ms(connected - connectStart),
                        ms(arrival.firstAt() - connectStart), ms(allDelivered - connectStart),
                        allAcked < 0 ? Double.NaN : ms(allAcked - connectStart), arrival);
                describe(report, r, size);
            }
            rig.errors().forEach((code, n) -> report.note("error frames " + code + " (senders): " + n.sum()));
        }
        return report;
    }

    /** When the server's cursors (a fresh {@code sync}) show every conversation acked to its end; -1 if not by the deadline. */
    private static long waitUntilAcked(ImClient device, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            List<ServerFrame.ConversationState> states = device.sync().get(30, TimeUnit.SECONDS);
            if (!states.isEmpty() && states.stream().allMatch(s -> s.ackedSeq() >= s.maxSeq())) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        return -1;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void describe(Report report, Result r, int size) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("messages", r.messages);
        setup.put("conversations", r.conversations);
        setup.put("sizeBytes", size);
        report.put("setup", setup);
        report.put("imlab", r.asMap());
        report.line("a user away while " + Table.num(r.messages) + " messages arrived in " + r.conversations
                + " conversations (body " + size + " B), stored in " + Table.num(r.fillSeconds) + " s; then one device "
                + "connects with the Java SDK (sync, then pull pages of 200, ack every 50 ms)");
        Table t = new Table("Catch-up (from the start of connect)", "", "ms");
        t.row("WebSocket open (connect() returned)", r.connectMs);
        t.row("first message handed to the app", r.firstMs);
        t.row("last message handed to the app", r.deliveredMs);
        t.row("server's cursors at the end (a fresh sync shows every conversation acked)", r.ackedMs);
        report.table(t);
        double rate = r.messages / (r.deliveredMs / 1000);
        report.line("\ncatch-up rate: " + Table.num(rate) + " messages/s handed to the app");
        report.line("checker (per conversation, as the app got them): " + r.arrival.verdict());
        if (!r.arrival.clean(r.messages)) {
            report.note("The checker found problems: " + r.arrival.verdict());
        } else if (!Double.isNaN(r.ackedMs)) {
            report.figure(MeasuredKeys.CATCHUP_MSGS, MeasuredKeys.count(r.messages, "messages"));
            report.figure(MeasuredKeys.CATCHUP_TIME, MeasuredKeys.value(r.deliveredMs / 1000, "s"));
            report.figure(MeasuredKeys.CATCHUP_RATE, MeasuredKeys.value(rate, "messages/s"));
            report.figure(MeasuredKeys.CATCHUP_FIRST, MeasuredKeys.value(r.firstMs, "ms"));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("messages handed to the app", r.arrival.countsPerSecond());
        report.svg("catch-up-over-time.svg", Svg.overTime("catch-up: messages handed to the app per second", "messages/s",
                r.arrival.seconds(), series));
    }

    private record Result(int messages, int conversations, double fillSeconds, double connectMs, double firstMs,
                          double deliveredMs, double ackedMs, Arrival arrival) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fillSeconds", fillSeconds);
            m.put("connectMs", connectMs);
            m.put("firstMessageMs", firstMs);
            m.put("lastMessageMs", deliveredMs);
            m.put("allAckedMs", ackedMs);
            m.put("messagesPerSecond", messages / (deliveredMs / 1000));
            m.put("checker", arrival.asMap());
            return m;
        }
    }
}
