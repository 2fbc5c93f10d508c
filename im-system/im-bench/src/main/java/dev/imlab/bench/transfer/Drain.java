package dev.imlab.bench.transfer;

import dev.imlab.bench.throughput.KafkaCeiling;
import dev.imlab.bench.upstream.StoredCheck;
import dev.imlab.bench.upstream.UpstreamFill;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One drain of a filled {@code im.upstream} by a transfer JVM of its own.
 *
 * @param storage how the MongoDB stand-in kept the messages, for the report's rows
 * @param joinSeconds from the transfer JVM's start until its consumer group owned the partitions (not counted)
 * @param warmupMessages drained before the clock started, on conversations of their own, to compile the hot code
 * @param timed records uncommitted when the clock started
 * @param seconds from then until every record was committed, or until the drain gave up
 * @param left records still uncommitted when it ended (0: drained)
 * @param cpuTransfer CPU seconds of the transfer JVM during the drain
 * @param cpuMain CPU seconds of the main JVM (Kafka, MongoDB stand-in, push, confirm) during the drain
 * @param ceiling the raw Kafka round trip on the same broker, measured after the drain; null if not
 */
record Drain(String storage, UpstreamFill.Result fill, double joinSeconds, long warmupMessages, long timed, double seconds,
             long left, StoredCheck.Counts check, double cpuTransfer, double cpuMain, KafkaCeiling.Result ceiling) {

    long drained() {
        return timed - left;
    }

    double perSecond() {
        return drained() / Math.max(seconds, 0.001);
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("storage", storage);
        m.put("messages", fill.messages());
        m.put("fillSeconds", fill.seconds());
        m.put("fillMessagesPerSecond", fill.messagesPerSecond());
        m.put("transferStartToAssignedSeconds", joinSeconds);
        m.put("warmupMessages", warmupMessages);
        m.put("timedMessages", timed);
        m.put("drainSeconds", seconds);
        m.put("drained", drained());
        m.put("left", left);
        m.put("messagesPerSecond", perSecond());
        m.put("cpuSecondsTransferJvm", cpuTransfer);
        m.put("cpuSecondsMainJvm", cpuMain);
        m.put("stored", check.asMap());
        return m;
    }
}
