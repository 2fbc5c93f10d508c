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

    /** Acked seqs of its conversations that it never got; a conversation it only sends to is not one. */
    synchronized long lost(Function<String, ConversationLog> conversations) {
        long lost = 0;
        for (String conversation : memberOf) {
            BitSet missing = conversations.apply(conversation).ackedSeqs();
            missing.andNot(got.getOrDefault(conversation, new BitSet()));
            lost += missing.cardinality();
        }
        return lost;
    }
}
