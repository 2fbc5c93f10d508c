package dev.imlab.gateway.overload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The sends and recalls this gateway handed to Kafka whose answer (a {@code send_ack}, or an error
 * from the transfer) has not come back: how much work this gateway has queued in the pipeline.
 *
 * <p>Keyed by sender and {@code clientMsgId}, the transfer's dedupe key, rather than counted: a
 * re-send of a pending message is one entry and its one answer clears it, an answer that comes
 * twice (the transfer redid a batch after a crash) clears nothing the second time, and an answer
 * that never comes is forgotten after a while ({@link #forgetOlderThan}). A bare counter would
 * drift with each of these.
 */
public final class PendingSends {
    private final Map<String, Long> handedOnAt = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public PendingSends(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The send is on its way to the transfer. */
    public void handedOn(String senderId, String clientMsgId) {
        handedOnAt.put(key(senderId, clientMsgId), nanoTime.getAsLong());
    }

    /** Its answer came back, or the gateway answered it itself (Kafka did not take it). */
    public void answered(String senderId, String clientMsgId) {
        handedOnAt.remove(key(senderId, clientMsgId));
    }

    public long count() {
        return handedOnAt.size();
    }

    /** Forgets the sends handed on more than {@code ageNanos} ago; returns how many. */
    public int forgetOlderThan(long ageNanos) {
        long oldest = nanoTime.getAsLong() - ageNanos;
        int forgotten = 0;
        for (Map.Entry<String, Long> e : handedOnAt.entrySet()) {
            if (e.getValue() - oldest < 0 && handedOnAt.remove(e.getKey(), e.getValue())) {
                forgotten++;
            }
        }
        return forgotten;
    }

    private static String key(String senderId, String clientMsgId) {
        return senderId + "/" + clientMsgId; // UpstreamRecord.dedupeKey
    }
}
