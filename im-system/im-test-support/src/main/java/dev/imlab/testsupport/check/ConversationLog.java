package dev.imlab.testsupport.check;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One conversation as the run saw it: the seqs acked, the seqs anyone saw, and the clientMsgIds
 * under each seq.
 *
 * <p>Mismatches are judged when counted, not when recorded: a push often overtakes its sender's
 * {@code send_ack}, and judged on arrival, one wrong first push would make every right one after
 * it look wrong, and the ack too.
 */
final class ConversationLog {
    private final String id;
    private final BitSet acked = new BitSet();
    /** Acked, or delivered to any device: what the numbering is checked against. */
    private final BitSet seen = new BitSet();
    private final Map<Integer, SeqIds> ids = new HashMap<>();

    ConversationLog(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    synchronized void acked(int seq, String clientMsgId) {
        acked.set(seq);
        seen.set(seq);
        ids.computeIfAbsent(seq, s -> new SeqIds()).acked(clientMsgId);
    }

    synchronized void delivered(int seq, String clientMsgId) {
        seen.set(seq);
        ids.computeIfAbsent(seq, s -> new SeqIds()).delivered(clientMsgId);
    }

    synchronized BitSet ackedSeqs() {
        return (BitSet) acked.clone();
    }

    synchronized long ackedCount() {
        return acked.cardinality();
    }

    /** Seqs 1..max that nobody saw: a hole in the numbering. Bit 0 is never set (seqs start at 1). */
    synchronized long gaps() {
        return Math.max(0, seen.length() - 1) - seen.cardinality();
    }

    synchronized long mismatched() {
        long mismatched = 0;
        for (SeqIds s : ids.values()) {
            mismatched += s.mismatched();
        }
        return mismatched;
    }

    /** The clientMsgIds seen under one seq: one, unless the run is broken. */
    private static final class SeqIds {
        private String acked;
        private int conflictingAcks;
        private String firstDelivered;
        private int firstDeliveredCount;
        /** Deliveries with another clientMsgId than the first one; null until there is one. */
        private Map<String, Integer> otherDelivered;

        void acked(String clientMsgId) {
            if (acked == null) {
                acked = clientMsgId;
            } else if (!acked.equals(clientMsgId)) {
                conflictingAcks++; // two messages acked under one seq
            }
        }

        void delivered(String clientMsgId) {
            if (firstDelivered == null) {
                firstDelivered = clientMsgId;
            }
            if (firstDelivered.equals(clientMsgId)) {
                firstDeliveredCount++;
            } else {
                if (otherDelivered == null) {
                    otherDelivered = new HashMap<>();
                }
                otherDelivered.merge(clientMsgId, 1, Integer::sum);
            }
        }

        /** Deliveries against the ack, or against the first push while nobody got an ack. */
        long mismatched() {
            String expected = acked != null ? acked : firstDelivered;
            long mismatched = conflictingAcks;
            if (firstDelivered != null && !firstDelivered.equals(expected)) {
                mismatched += firstDeliveredCount;
            }
            if (otherDelivered != null) {
                for (Map.Entry<String, Integer> e : otherDelivered.entrySet()) {
                    if (!e.getKey().equals(expected)) {
                        mismatched += e.getValue();
                    }
                }
            }
            return mismatched;
        }
    }
}
