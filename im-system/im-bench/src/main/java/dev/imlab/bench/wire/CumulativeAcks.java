package dev.imlab.bench.wire;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A bench device's acks, as the SDK sends them: per conversation, the seqs received and the
 * cumulative ack sent; an ack goes out every {@value #EVERY} pushes and on each {@value #FLUSH_MS} ms
 * flush, only for conversations whose contiguous prefix moved. One event loop thread only.
 */
public final class CumulativeAcks {
    public static final int EVERY = 32;
    public static final long FLUSH_MS = 20;

    private final Map<String, BitSet> received = new HashMap<>();
    private final Map<String, Long> ackedUpTo = new HashMap<>();
    private int sinceAck;

    /** Records a push; true when this seq of this conversation was not received before. */
    public boolean received(String conversationId, long seq) {
        BitSet got = received.computeIfAbsent(conversationId, k -> new BitSet());
        boolean fresh = !got.get((int) seq);
        got.set((int) seq);
        return fresh;
    }

    /** Counts a push towards the next ack; true when {@value #EVERY} have come since the last flush. */
    public boolean due() {
        return ++sinceAck >= EVERY;
    }

    /** Hands {@code ack} the conversation and the seq to ack up to, for each conversation that moved. */
    public void flush(BiConsumer<String, Long> ack) {
        sinceAck = 0;
        for (Map.Entry<String, BitSet> e : received.entrySet()) {
            long upTo = e.getValue().nextClearBit(1) - 1L;
            if (upTo > ackedUpTo.getOrDefault(e.getKey(), 0L)) {
                ackedUpTo.put(e.getKey(), upTo);
                ack.accept(e.getKey(), upTo);
            }
        }
    }

    /** The client frame of PROTOCOL.md that acks (type {@code ack}) or reads (type {@code read}) up to a seq. */
    public static String frame(String type, String conversationId, long seq) {
        return "{\"type\":\"" + type + "\",\"conversationId\":\"" + conversationId + "\",\"seq\":" + seq + "}";
    }
}
