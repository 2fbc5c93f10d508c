package dev.imlab.server.chaos;

import dev.imlab.protocol.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares, per conversation, what senders got a send_ack for with what each member device ended
 * up with, after the SDK's own dedupe. The four guarantees of PROTOCOL.md in numbers.
 */
final class DeliveryChecker {
    /** conversation -> seq -> clientMsgId, from send_acks. */
    private final Map<String, Map<Long, String>> acked = new ConcurrentHashMap<>();
    /** clientMsgId -> seqs it was acked with (more than one would be a second stored copy). */
    private final Map<String, Set<Long>> seqsOfClientMsgId = new ConcurrentHashMap<>();
    /** device -> conversation -> deliveries in the order the app saw them. */
    private final Map<String, Map<String, List<Message>>> delivered = new ConcurrentHashMap<>();
    /** device -> conversations it is a member of. */
    private final Map<String, Set<String>> membership = new ConcurrentHashMap<>();

    record Counts(int acked, int delivered, int lost, int duplicated, int gaps, int outOfOrder, int mismatched) {
        boolean clean() {
            return lost == 0 && duplicated == 0 && gaps == 0 && outOfOrder == 0 && mismatched == 0;
        }

        @Override
        public String toString() {
            return "acked=" + acked + " delivered=" + delivered + " lost=" + lost + " duplicated=" + duplicated
                    + " gaps=" + gaps + " outOfOrder=" + outOfOrder + " mismatched=" + mismatched;
        }
    }

    void member(String device, String conversation) {
        membership.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(conversation);
    }

    void acked(String conversation, long seq, String clientMsgId) {
        acked.computeIfAbsent(conversation, c -> new ConcurrentHashMap<>()).put(seq, clientMsgId);
        seqsOfClientMsgId.computeIfAbsent(clientMsgId, c -> ConcurrentHashMap.newKeySet()).add(seq);
    }

    void delivered(String device, Message message) {
        delivered.computeIfAbsent(device, d -> new ConcurrentHashMap<>())
                .computeIfAbsent(message.conversationId(), c -> Collections.synchronizedList(new ArrayList<>()))
                .add(message);
    }

    /** True when every member device has every acked message of its conversations. */
    boolean allDelivered() {
        for (Map.Entry<String, Set<String>> device : membership.entrySet()) {
            for (String conversation : device.getValue()) {
                Set<Long> seen = seqs(deliveries(device.getKey(), conversation));
                if (!seen.containsAll(acked.getOrDefault(conversation, Map.of()).keySet())) {
                    return false;
                }
            }
        }
        return true;
    }

    Counts counts() {
        int ackedCount = 0;
        int deliveredCount = 0;
        int lost = 0;
        int duplicated = 0;
        int gaps = 0;
        int outOfOrder = 0;
        int mismatched = 0;
        for (Set<Long> seqs : seqsOfClientMsgId.values()) {
            duplicated += seqs.size() - 1; // one clientMsgId stored under two seqs
        }
        Map<String, Set<Long>> numbered = new HashMap<>();
        acked.forEach((conversation, seqs) -> numbered.computeIfAbsent(conversation, c -> new HashSet<>()).addAll(seqs.keySet()));
        for (Map.Entry<String, Set<String>> device : membership.entrySet()) {
            for (String conversation : device.getValue()) {
                Map<Long, String> ackedHere = acked.getOrDefault(conversation, Map.of());
                List<Message> got = deliveries(device.getKey(), conversation);
                Set<Long> seen = new HashSet<>();
                long previous = 0;
                for (Message m : got) {
                    numbered.computeIfAbsent(conversation, c -> new HashSet<>()).add(m.seq());
                    if (!seen.add(m.seq())) {
                        duplicated++;
                        continue;
                    }
                    if (m.seq() < previous) {
                        outOfOrder++;
                    }
                    previous = Math.max(previous, m.seq());
                    String expected = ackedHere.get(m.seq());
                    if (expected != null && !expected.equals(m.clientMsgId())) {
                        mismatched++;
                    }
                }
                deliveredCount += seen.size();
                for (Long seq : ackedHere.keySet()) {
                    if (!seen.contains(seq)) {
                        lost++;
                    }
                }
            }
        }
        for (Map.Entry<String, Map<Long, String>> conversation : acked.entrySet()) {
            ackedCount += conversation.getValue().size();
        }
        for (Set<Long> seqs : numbered.values()) {
            long max = seqs.stream().mapToLong(Long::longValue).max().orElse(0);
            gaps += (int) (max - seqs.size()); // seqs 1..max that nobody ever saw: a hole in the numbering
        }
        return new Counts(ackedCount, deliveredCount, lost, duplicated, gaps, outOfOrder, mismatched);
    }

    private List<Message> deliveries(String device, String conversation) {
        List<Message> list = delivered.getOrDefault(device, Map.of()).get(conversation);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    private static Set<Long> seqs(List<Message> messages) {
        Set<Long> seqs = new HashSet<>();
        messages.forEach(m -> seqs.add(m.seq()));
        return seqs;
    }
}
