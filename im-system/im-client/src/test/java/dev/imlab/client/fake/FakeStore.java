package dev.imlab.client.fake;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The messages and cursors the fake server answers {@code sync} and {@code pull} from. */
final class FakeStore {
    private final Map<String, TreeMap<Long, Message>> conversations = new HashMap<>();
    private final Map<String, Long> cursors = new HashMap<>();

    synchronized void add(Message message) {
        conversations.computeIfAbsent(message.conversationId(), id -> new TreeMap<>()).put(message.seq(), message);
    }

    synchronized void cursor(String conversationId, long ackedSeq) {
        cursors.merge(conversationId, ackedSeq, Math::max);
    }

    synchronized List<ConversationState> states() {
        List<ConversationState> states = new ArrayList<>();
        conversations.forEach((id, messages) ->
                states.add(new ConversationState(id, messages.lastKey(), cursors.getOrDefault(id, 0L))));
        return states;
    }

    synchronized List<Message> range(String conversationId, long fromSeq, long toSeq, int limit) {
        TreeMap<Long, Message> messages = conversations.getOrDefault(conversationId, new TreeMap<>());
        return messages.subMap(fromSeq, true, toSeq, true).values().stream().limit(limit).toList();
    }
}
