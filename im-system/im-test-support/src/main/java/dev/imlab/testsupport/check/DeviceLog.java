package dev.imlab.testsupport.check;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** One device as the run saw it: the conversations it receives, and the seqs it got of each. */
final class DeviceLog {
    private final Set<String> memberOf = new HashSet<>();
    private final Map<String, BitSet> got = new HashMap<>();
    /** Per conversation, the minSeq this device was told of: seqs below it expired (PROTOCOL.md v2). */
    private final Map<String, Integer> minSeqs = new HashMap<>();
    private long outOfOrder;

    synchronized void member(String conversation) {
        memberOf.add(conversation);
    }

    /** @return false for a seq this device already had */
    synchronized boolean firstDelivery(String conversation, int seq) {
        BitSet seqs = got.computeIfAbsent(conversation, c -> new BitSet());
        if (seqs.get(seq)) {
            return false;
        }
        if (seq < seqs.length()) { // below the highest seq so far: a new one, so not equal to it
            outOfOrder++;
        }
        seqs.set(seq);
        return true;
    }

    synchronized void expiredBelow(String conversation, int minSeq) {
        minSeqs.merge(conversation, minSeq, Math::max);
    }

    synchronized long delivered() {
        long delivered = 0;
        for (BitSet seqs : got.values()) {
            delivered += seqs.cardinality();
        }
        return delivered;
    }

    synchronized long outOfOrder() {
        return outOfOrder;
    }

    /**
     * Acked seqs of its conversations that it never got; a conversation it only sends to is not one,
     * and a seq below the minSeq the device was told of is not either: it expired before the device
     * came for it.
     */
    synchronized long lost(Function<String, ConversationLog> conversations) {
        return missing(conversations, false);
    }

    /** Acked seqs it never got because they expired first. */
    synchronized long expiredUndelivered(Function<String, ConversationLog> conversations) {
        return missing(conversations, true);
    }

    private long missing(Function<String, ConversationLog> conversations, boolean expired) {
        long count = 0;
        for (String conversation : memberOf) {
            BitSet missing = conversations.apply(conversation).ackedSeqs();
            missing.andNot(got.getOrDefault(conversation, new BitSet()));
            int minSeq = minSeqs.getOrDefault(conversation, 1);
            if (expired) {
                missing.clear(minSeq, Math.max(minSeq, missing.length()));
            } else {
                missing.clear(0, minSeq);
            }
            count += missing.cardinality();
        }
        return count;
    }
}
