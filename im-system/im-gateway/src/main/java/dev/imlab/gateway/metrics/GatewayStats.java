package dev.imlab.gateway.metrics;

import dev.imlab.gateway.cluster.ClusterBoard;
import dev.imlab.gateway.cluster.ClusterFigures;
import dev.imlab.gateway.overload.LoadShedder;
import dev.imlab.gateway.session.SessionRegistry;
import io.netty.channel.ChannelHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Running totals of this gateway's WebSocket traffic, for {@code GET /api/v1/stats} and the
 * dashboard. Totals only: a reader derives rates from two snapshots, so the gateway keeps no
 * windows or timers, and any number of dashboards can poll at their own pace.
 */
public final class GatewayStats {
    private final SessionRegistry sessions;
    private final LongSupplier clock;
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final LongAdder pushes = new LongAdder();
    private final LongAdder sendAcks = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final FrameCounter counter = new FrameCounter(this);
    private final MeterRegistry registry;
    private final HopTimers hops;
    private final LongSupplier unackedPushes;
    private final Supplier<Map<String, Long>> gateways;
    private final LoadShedder shedder;
    private final ClusterBoard cluster;

    /**
     * @param unackedPushes pushes written and not yet acked, waiting for a re-send
     * @param gateways every live gateway and its connections at its last heartbeat
     * @param shedder whether this gateway sheds new sends now, and how many it shed
     * @param cluster every live process's last report, for the {@code cluster} section
     */
    public GatewayStats(SessionRegistry sessions, LongSupplier clock, MeterRegistry registry, LongSupplier unackedPushes,
                        Supplier<Map<String, Long>> gateways, LoadShedder shedder, ClusterBoard cluster) {
        this.sessions = sessions;
        this.clock = clock;
        this.registry = registry;
        this.hops = new HopTimers(registry);
        this.unackedPushes = unackedPushes;
        this.gateways = gateways;
        this.shedder = shedder;
        this.cluster = cluster;
        Gauge.builder(CONNECTIONS, sessions, SessionRegistry::size)
                .description("WebSocket sessions open on this gateway").register(registry);
        Gauge.builder(UNACKED_PUSHES, () -> unackedPushes.getAsLong())
                .description("pushes written and not yet acked, waiting for a re-send").register(registry);
        FunctionCounter.builder("imlab.gateway.frames.in", framesIn, LongAdder::sum).register(registry);
        FunctionCounter.builder("imlab.gateway.frames.out", framesOut, LongAdder::sum).register(registry);
        FunctionCounter.builder(SENDS, sends, LongAdder::sum).register(registry);
        FunctionCounter.builder(PUSHES, pushes, LongAdder::sum).register(registry);
        FunctionCounter.builder("imlab.gateway.send.acks", sendAcks, LongAdder::sum).register(registry);
        FunctionCounter.builder(READS, reads, LongAdder::sum)
                .description("read frames received by this gateway").register(registry);
        FunctionCounter.builder(SHEDS, shedder, LoadShedder::sheds)
                .description("sends and recalls refused with UNAVAILABLE because the pipeline was behind").register(registry);
        Gauge.builder(SHEDDING, shedder, s -> s.shedding() ? 1 : 0)
                .description("1 while this gateway refuses new sends because the pipeline is behind").register(registry);
        Gauge.builder(PENDING_SENDS, shedder, LoadShedder::pendingSends)
                .description("sends this gateway handed to Kafka whose send_ack has not come back").register(registry);
    }

    /** Per-hop latency, recorded as pushes go out. */
    public HopTimers hops() {
        return hops;
    }

    /** The handler that counts one connection's frames; the same instance serves every channel. */
    public ChannelHandler frameCounter() {
        return counter;
    }

    void inbound(String type) {
        framesIn.increment();
        if ("send".equals(type)) {
            sends.increment();
        } else if ("read".equals(type)) {
            reads.increment();
        }
    }

    void outbound(String type) {
        framesOut.increment();
        if ("push".equals(type)) {
            pushes.increment();
        } else if ("send_ack".equals(type)) {
            sendAcks.increment();
        }
    }

    public Snapshot snapshot() {
        Map<String, Double> lag = new TreeMap<>();
        for (Gauge gauge : registry.find(CONSUMER_LAG).gauges()) {
            lag.put(gauge.getId().getTag("group"), gauge.value());
        }
        Map<String, Double> features = new LinkedHashMap<>();
        FEATURES.forEach((key, meter) -> {
            FunctionCounter counter = registry.find(meter).functionCounter();
            features.put(key, counter == null ? 0 : counter.count());
        });
        return new Snapshot(clock.getAsLong(), sessions.size(), framesIn.sum(), framesOut.sum(), sends.sum(),
                pushes.sum(), sendAcks.sum(), unackedPushes.getAsLong(), hops.figures(), lag, gateways.get(), features,
                shedder.shedding(), shedder.sheds(), shedder.pendingSends(), cluster.figures(lag));
    }

    /** This gateway's meters that the cluster's reports ({@code InstanceStats}) are read from. */
    public static final String CONNECTIONS = "imlab.gateway.connections";
    public static final String SENDS = "imlab.gateway.sends";
    public static final String PUSHES = "imlab.gateway.pushes";
    public static final String UNACKED_PUSHES = "imlab.gateway.unacked.pushes";

    /** Records each role's consumer group has not committed, tagged {@code group}: the server's lag monitor sets it. */
    public static final String CONSUMER_LAG = "imlab.kafka.consumer.lag";
    /** Overload shedding's meters ({@code LoadShedder}). */
    public static final String SHEDS = "imlab.gateway.sheds";
    public static final String SHEDDING = "imlab.gateway.shedding";
    public static final String PENDING_SENDS = "imlab.gateway.pending.sends";

    /**
     * Meter names of the v2 features' running totals. The roles that count them register them (the
     * server's {@code ImlabRoles}); {@link #snapshot} reads them from the registry by these names.
     */
    public static final String READS = "imlab.reads";
    public static final String READ_RECEIPTS = "imlab.read.receipts";
    public static final String RECALLS = "imlab.recalls";
    public static final String RECALLS_REFUSED = "imlab.recalls.refused";
    public static final String EXPIRED_RECLAIMED = "imlab.expiry.reclaimed";
    public static final String NOTIFICATIONS_QUEUED = "imlab.notifications.queued";
    public static final String NOTIFICATIONS_SENT = "imlab.notifications.sent";
    public static final String NOTIFICATIONS_RETRIED = "imlab.notifications.retried";
    public static final String NOTIFICATIONS_DROPPED = "imlab.notifications.dropped";

    /**
     * The v2 features' running totals, as {@code features} of a snapshot: JSON key to meter name.
     * Meters of roles in other processes read 0 here; their {@code /metrics} has them.
     */
    private static final Map<String, String> FEATURES = features();

    private static Map<String, String> features() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("reads", READS);
        f.put("readReceipts", READ_RECEIPTS);
        f.put("recalls", RECALLS);
        f.put("recallsRefused", RECALLS_REFUSED);
        f.put("expiredReclaimed", EXPIRED_RECLAIMED);
        f.put("notificationsQueued", NOTIFICATIONS_QUEUED);
        f.put("notificationsSent", NOTIFICATIONS_SENT);
        f.put("notificationsRetried", NOTIFICATIONS_RETRIED);
        f.put("notificationsDropped", NOTIFICATIONS_DROPPED);
        return Collections.unmodifiableMap(f);
    }

    /**
     * One reading.
     *
     * @param time        epoch ms of the reading, to divide deltas by
     * @param connections WebSocket sessions open on this gateway now
     * @param sends       {@code send} frames received (a repeat of a clientMsgId counts again)
     * @param unackedPushes pushes waiting for an ack (and a re-send if none comes)
     * @param hops        per-hop and end-to-end latency of recently delivered messages
     * @param consumerLag records each role's consumer group has yet to read, when this process watches them
     * @param gateways    every live gateway of the cluster and its connections, as of its last heartbeat
     * @param features    running totals of reads, read receipts, recalls, expired messages reclaimed and
     *                    offline notifications, of the roles in this process
     * @param shedding    whether this gateway refuses new sends and recalls now, because the pipeline is behind
     * @param sheds       sends and recalls this gateway refused with {@code UNAVAILABLE} while shedding
     * @param pendingSends sends this gateway handed to Kafka whose {@code send_ack} has not come back yet
     * @param cluster     every live process of the cluster, from their reports in Redis (about a second old):
     *                    all gateways' connections and rates, each role's live instances, partitions and lag
     */
    public record Snapshot(long time, int connections, long framesIn, long framesOut, long sends, long pushes,
                           long sendAcks, long unackedPushes, Map<String, HopTimers.HopFigures> hops,
                           Map<String, Double> consumerLag, Map<String, Long> gateways, Map<String, Double> features,
                           boolean shedding, long sheds, long pendingSends, ClusterFigures cluster) {
    }
}
