package dev.imlab.client.fake;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages and per-conversation state the fake server answers {@code sync} and {@code pull}
 * from: this device's cursor, and (v2) the expired prefix, the user's read seq and the peer's.
 */
final class FakeStore {
    private final Map<String, TreeMap<Long, Message>> conversations = new HashMap<>();
    /** Kept apart from the messages: it stays when every message expired. */
    private final Map<String, Long> maxSeqs = new HashMap<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private final Map<String, Long> minSeqs = new HashMap<>();
    private final Map<String, Long> readSeqs = new HashMap<>();
    private final Map<String, Long> peerReadSeqs = new HashMap<>();

    synchronized void add(Message message) {
        conversations.computeIfAbsent(message.conversationId(), id -> new TreeMap<>()).put(message.seq(), message);
        maxSeqs.merge(message.conversationId(), message.seq(), Math::max);
    }

    /** Seq {@code seq} exists, though the fake does not hold its message (an own message it only acked). */
    synchronized void exists(String conversationId, long seq) {
        maxSeqs.merge(conversationId, seq, Math::max);
    }

    synchronized void cursor(String conversationId, long ackedSeq) {
        cursors.merge(conversationId, ackedSeq, Math::max);
    }

    /** Messages below {@code minSeq} expire: gone from pulls, and {@code minSeq} only grows. */
    synchronized void expire(String conversationId, long minSeq) {
        minSeqs.merge(conversationId, minSeq, Math::max);
        TreeMap<Long, Message> messages = conversations.get(conversationId);
        if (messages != null) {
            messages.headMap(minSeq).clear();
        }
    }

    synchronized long minSeq(String conversationId) {
        return minSeqs.getOrDefault(conversationId, 1L);
    }

    synchronized long maxSeq(String conversationId) {
        return maxSeqs.getOrDefault(conversationId, 0L);
    }

    synchronized void read(String conversationId, long seq) {
        readSeqs.merge(conversationId, seq, Math::max);
    }

    synchronized void peerRead(String conversationId, long seq) {
        peerReadSeqs.merge(conversationId, seq, Math::max);
    }

    /** The stored message {@code seq} as pulls show it once recalled. */
    synchronized void recalled(String conversationId, long seq) {
        conversations.get(conversationId).computeIfPresent(seq, (ignored, m) -> m.asRecalled());
    }

    synchronized List<ConversationState> states() {
        List<ConversationState> states = new ArrayList<>();
        maxSeqs.forEach((id, maxSeq) -> {
            long minSeq = minSeqs.getOrDefault(id, 1L);
            long readSeq = readSeqs.getOrDefault(id, 0L);
            long unread = Math.max(0, maxSeq - Math.max(readSeq, minSeq - 1));
            Long peerReadSeq = id.startsWith("si_") ? peerReadSeqs.getOrDefault(id, 0L) : null;
            states.add(new ConversationState(id, maxSeq, cursors.getOrDefault(id, 0L), minSeq, readSeq, unread,
                    peerReadSeq));
        });
        return states;
    }

    synchronized List<Message> range(String conversationId, long fromSeq, long toSeq, int limit) {
        TreeMap<Long, Message> messages = conversations.getOrDefault(conversationId, new TreeMap<>());
        return messages.subMap(fromSeq, true, toSeq, true).values().stream().limit(limit).toList();
    }
}
