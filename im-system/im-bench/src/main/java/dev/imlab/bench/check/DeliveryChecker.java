package dev.imlab.bench.check;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * PROTOCOL.md's guarantees in numbers, for a run whose conversations are all new (seqs from 1):
 * what senders got a {@code send_ack} for, against what each member device received.
 *
 * <ul>
 * <li>lost: an acked seq that a member device, connected throughout, never received;
 * <li>duplicated: one clientMsgId stored under two seqs;
 * <li>gaps: seqs 1..max of a conversation that nobody ever saw, neither in an ack nor a push;
 * <li>outOfOrder: a first delivery of a seq lower than one the device already had;
 * <li>mismatched: a push whose clientMsgId differs from the one acked for that seq.
 * </ul>
 * A push of a seq the device already had is a re-send the protocol allows (rule 3); it is
 * counted as {@code redelivered}, and dropped, as the SDK drops it.
 */
public final class DeliveryChecker {
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final LongAdder redelivered = new LongAdder();

    private static final class Conversation {
        final BitSet acked = new BitSet();
        final BitSet seen = new BitSet();
        final Map<Long, String> clientMsgIds = new HashMap<>();
        final Map<String, Long> seqOf = new HashMap<>();
        int duplicated;
        int mismatched;
    }

    private static final class Device {
        final Map<String, BitSet> got = new HashMap<>();
        final Map<String, Long> max = new HashMap<>();
        final java.util.Set<String> memberOf = new java.util.HashSet<>();
        int outOfOrder;
    }

    public void member(String device, String conversation) {
        Device d = devices.computeIfAbsent(device, k -> new Device());
        synchronized (d) {
            d.got.computeIfAbsent(conversation, c -> new BitSet());
            d.memberOf.add(conversation);
        }
        conversations.computeIfAbsent(conversation, c -> new Conversation());
    }

    public void acked(String conversation, long seq, String clientMsgId) {
        Conversation c = conversations.computeIfAbsent(conversation, k -> new Conversation());
        synchronized (c) {
            c.acked.set((int) seq);
            c.seen.set((int) seq);
            note(c, seq, clientMsgId);
        }
    }

    /** @return true for a first delivery, false for a re-send the device already had */
    public boolean delivered(String device, String conversation, long seq, String clientMsgId) {
        Device d = devices.computeIfAbsent(device, k -> new Device());
        synchronized (d) {
            BitSet got = d.got.computeIfAbsent(conversation, k -> new BitSet());
            if (got.get((int) seq)) {
                redelivered.increment();
                return false;
            }
            got.set((int) seq);
            long max = d.max.getOrDefault(conversation, 0L);
            if (seq < max) {
                d.outOfOrder++;
            } else {
                d.max.put(conversation, seq);
            }
        }
        Conversation c = conversations.computeIfAbsent(conversation, k -> new Conversation());
        synchronized (c) {
            c.seen.set((int) seq);
            note(c, seq, clientMsgId);
        }
        return true;
    }

    private static void note(Conversation c, long seq, String clientMsgId) {
        String known = c.clientMsgIds.putIfAbsent(seq, clientMsgId);
        if (known != null && !known.equals(clientMsgId)) {
            c.mismatched++;
        }
        Long other = c.seqOf.putIfAbsent(clientMsgId, seq);
        if (other != null && other != seq) {
            c.duplicated++;
        }
    }

    /** True when every member device has every acked seq of its conversations. */
    public boolean allDelivered() {
        return counts().lost == 0;
    }

    public Counts counts() {
        long acked = 0;
        long delivered = 0;
        long lost = 0;
        long duplicated = 0;
        long gaps = 0;
        long outOfOrder = 0;
        long mismatched = 0;
        for (Conversation c : conversations.values()) {
            synchronized (c) {
                acked += c.acked.cardinality();
                duplicated += c.duplicated;
                mismatched += c.mismatched;
                int max = Math.max(0, c.seen.length() - 1);
                gaps += max - c.seen.cardinality();
            }
        }
        for (Device d : devices.values()) {
            synchronized (d) {
                outOfOrder += d.outOfOrder;
                for (Map.Entry<String, BitSet> e : d.got.entrySet()) {
                    delivered += e.getValue().cardinality();
                    Conversation c = conversations.get(e.getKey());
                    if (c == null || !d.memberOf.contains(e.getKey())) { // a sender's own messages come as acks
                        continue;
                    }
                    BitSet missing;
                    synchronized (c) {
                        missing = (BitSet) c.acked.clone();
                    }
                    missing.andNot(e.getValue());
                    lost += missing.cardinality();
                }
            }
        }
        return new Counts(acked, delivered, lost, duplicated, gaps, outOfOrder, mismatched, redelivered.sum());
    }

    public record Counts(long acked, long delivered, long lost, long duplicated, long gaps, long outOfOrder,
                         long mismatched, long redelivered) {
        public boolean clean() {
            return lost == 0 && duplicated == 0 && gaps == 0 && outOfOrder == 0 && mismatched == 0;
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("acked", acked);
            m.put("delivered", delivered);
            m.put("lost", lost);
            m.put("duplicated", duplicated);
            m.put("gaps", gaps);
            m.put("outOfOrder", outOfOrder);
            m.put("mismatched", mismatched);
            m.put("redelivered", redelivered);
            return m;
        }

        @Override
        public String toString() {
            return "acked=" + acked + " delivered=" + delivered + " lost=" + lost + " duplicated=" + duplicated
                    + " gaps=" + gaps + " outOfOrder=" + outOfOrder + " mismatched=" + mismatched
                    + " (re-sends dropped: " + redelivered + ")";
        }
    }
}
