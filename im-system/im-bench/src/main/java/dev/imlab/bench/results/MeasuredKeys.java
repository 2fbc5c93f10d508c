package dev.imlab.bench.results;

import dev.imlab.bench.report.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures the handbook quotes, by key in the measured-results file, in the order of the design
 * note (notes/handbook-design.md, "Figures"): a page may use only these keys, and the file lists them
 * in this order. Each key also gets {@code <key>-cmd} and {@code <key>-when}.
 */
public final class MeasuredKeys {
    /**
     * Single chat, flat out, warm: msg/s delivered and acked (the smaller of the two rates, as the
     * report's target counts it), and the raw Kafka round trip of the same run.
     */
    public static final String TPUT_FLAT = "m-tput-flat";
    public static final String TPUT_FLAT_CEILING_KAFKA = "m-tput-flat-ceiling-kafka";
    /** Single chat at 2,000 msg/s offered, end to end. */
    public static final String LAT_2K_P50 = "m-lat-2k-p50";
    public static final String LAT_2K_P99 = "m-lat-2k-p99";
    public static final String LAT_2K_MAX = "m-lat-2k-max";
    /** Single chat at 200 msg/s offered, end to end. */
    public static final String LAT_200_P50 = "m-lat-200-p50";
    public static final String LAT_200_P99 = "m-lat-200-p99";
    /** p99 of each hop at 2,000 msg/s, as the delivering gateway timed it. */
    public static final String HOP_2K_GW_TRANSFER = "m-hop-2k-gw-transfer";
    public static final String HOP_2K_TRANSFER_STORED = "m-hop-2k-transfer-stored";
    public static final String HOP_2K_STORED_PUSH = "m-hop-2k-stored-push";
    public static final String HOP_2K_PUSH_GW = "m-hop-2k-push-gw";
    /** Idle authenticated connections on one gateway JVM. */
    public static final String CONN_COUNT = "m-conn-count";
    public static final String CONN_RSS_PER = "m-conn-rss-per";
    public static final String CONN_HEAP_PER = "m-conn-heap-per";
    public static final String CONN_RATE = "m-conn-rate";
    /** A group of 2,000, 1,000 online. */
    public static final String GROUP_DELIVERIES = "m-group-deliveries";
    public static final String GROUP_P99 = "m-group-p99";
    /** The same group with every online member marking read what it acks. */
    public static final String GROUP_READS_DELIVERIES = "m-group-reads-deliveries";
    public static final String GROUP_READS_P99 = "m-group-reads-p99";
    public static final String GROUP_READS_SENT = "m-group-reads-sent";
    /** A group of 10,000, half online. */
    public static final String GROUP_10K_DELIVERIES = "m-group10k-deliveries";
    public static final String GROUP_10K_P99 = "m-group10k-p99";

    /** The keys of a group run's two figures. */
    public record Group(String deliveries, String p99) {
    }

    /** With reads: the reads keys; 10,000 members or more: the 10k keys; otherwise the group's own. */
    public static Group group(int members, boolean reads) {
        if (reads) {
            return new Group(GROUP_READS_DELIVERIES, GROUP_READS_P99);
        }
        return members >= 10_000 ? new Group(GROUP_10K_DELIVERIES, GROUP_10K_P99) : new Group(GROUP_DELIVERIES, GROUP_P99);
    }
    /** The transfer stage alone, on disk and on a stand-in that keeps nothing. */
    public static final String TRANSFER_STAGE = "m-transfer-stage";
    public static final String TRANSFER_STAGE_NOSTORE = "m-transfer-stage-nostore";
    /** Restart after kill -9. */
    public static final String RESTART_MSGS = "m-restart-msgs";
    public static final String RESTART_HEALTHY = "m-restart-healthy";
    /**
     * A user back after time away: how many messages waited, the time from connect to the last one
     * handed to the app (Java SDK: sync, pull pages, ack), that as a rate, and the first message.
     */
    public static final String CATCHUP_MSGS = "m-catchup-msgs";
    public static final String CATCHUP_TIME = "m-catchup-time";
    public static final String CATCHUP_RATE = "m-catchup-rate";
    public static final String CATCHUP_FIRST = "m-catchup-first";
    /**
     * A device back after its messages expired: how many expired, the median sync while {@code minSeq}
     * is found at read time and once the reaper stored the bounds, and the reaper's deletion rate.
     */
    public static final String EXPIRY_MSGS = "m-expiry-msgs";
    public static final String EXPIRY_SYNC = "m-expiry-sync";
    public static final String EXPIRY_SYNC_REAPED = "m-expiry-sync-reaped";
    public static final String EXPIRY_REAP_RATE = "m-expiry-reap-rate";
    /**
     * The soak: how long, honest messages delivered, the honest p99 before and during the abuse, the
     * server's RSS, threads and open files at the first sample after the warm-up and at the last,
     * and the refusals of every limit.
     */
    public static final String SOAK_DURATION = "m-soak-duration";
    public static final String SOAK_DELIVERED = "m-soak-delivered";
    public static final String SOAK_P99_CALM = "m-soak-p99-calm";
    public static final String SOAK_P99_ABUSED = "m-soak-p99-abused";
    public static final String SOAK_RSS_FIRST = "m-soak-rss-first";
    public static final String SOAK_RSS_LAST = "m-soak-rss-last";
    public static final String SOAK_THREADS = "m-soak-threads";
    public static final String SOAK_FILES = "m-soak-files";
    public static final String SOAK_REFUSALS = "m-soak-refusals";
    /** Written by the chaos run, not by im-bench; listed for their place in the file. */
    public static final String CHAOS_FAULTS = "m-chaos-faults";
    public static final String CHAOS_LOST = "m-chaos-lost";

    /**
     * The {@code peers} run, per system ({@link #PEER_SYSTEMS}): {@code m-peers-<system>-<figure>} for
     * each of {@link #PEER_FIGURES}: one-to-one chat flat out (msg/s), p99 at the fixed rate (or how
     * far the system fell behind it), server RSS per idle connection, connects per second.
     */
    public static final List<String> PEER_SYSTEMS = List.of("imlab", "ejabberd", "mosquitto");
    public static final List<String> PEER_FIGURES = List.of("flat", "p99", "rss", "connect");

    public static String peer(String system, String figure) {
        if (!PEER_SYSTEMS.contains(system) || !PEER_FIGURES.contains(figure)) {
            throw new IllegalArgumentException("no peers figure " + system + "/" + figure);
        }
        return "m-peers-" + system + "-" + figure;
    }

    public static final List<String> ORDER = order();

    private static List<String> order() {
        List<String> keys = new ArrayList<>(List.of(TPUT_FLAT, TPUT_FLAT_CEILING_KAFKA, LAT_2K_P50, LAT_2K_P99,
                LAT_2K_MAX, LAT_200_P50, LAT_200_P99, HOP_2K_GW_TRANSFER, HOP_2K_TRANSFER_STORED, HOP_2K_STORED_PUSH,
                HOP_2K_PUSH_GW, CONN_COUNT, CONN_RSS_PER, CONN_HEAP_PER, CONN_RATE, GROUP_DELIVERIES, GROUP_P99,
                GROUP_READS_DELIVERIES, GROUP_READS_P99, GROUP_READS_SENT, GROUP_10K_DELIVERIES, GROUP_10K_P99,
                TRANSFER_STAGE, TRANSFER_STAGE_NOSTORE, RESTART_MSGS, RESTART_HEALTHY, CATCHUP_MSGS, CATCHUP_TIME, CATCHUP_RATE,
                CATCHUP_FIRST, EXPIRY_MSGS, EXPIRY_SYNC, EXPIRY_SYNC_REAPED, EXPIRY_REAP_RATE, SOAK_DURATION, SOAK_DELIVERED,
                SOAK_P99_CALM, SOAK_P99_ABUSED, SOAK_RSS_FIRST, SOAK_RSS_LAST, SOAK_THREADS, SOAK_FILES, SOAK_REFUSALS));
        PEER_SYSTEMS.forEach(system -> PEER_FIGURES.forEach(figure -> keys.add(peer(system, figure))));
        keys.addAll(List.of(CHAOS_FAULTS, CHAOS_LOST));
        return List.copyOf(keys);
    }

    /** The suffixes of a figure's companions: the command that measured it, and when and on what. */
    public static final String CMD = "-cmd";
    public static final String WHEN = "-when";

    private MeasuredKeys() {
    }

    /** A value with its unit, its digits as the report's tables print them: "11,864 msg/s", "42.4 ms". */
    public static String value(double v, String unit) {
        return Table.num(v) + " " + unit;
    }

    /** A count, all digits: "1,000,000 messages". */
    public static String count(long n, String unit) {
        return String.format(java.util.Locale.ROOT, "%,d %s", n, unit);
    }
}
