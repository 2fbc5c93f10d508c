package dev.imlab.push.notify;

import dev.imlab.bus.NotificationRecord;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.storage.read.ConversationStates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each notification's {@code unread}, as {@code sync} would count it at this moment: one
 * {@link ConversationStates} lookup for the whole batch, and one read per group for its members'
 * join floors.
 */
final class UnreadCounts {
    private final ConversationStates states;
    private final GroupStore groups;

    UnreadCounts(ConversationStates states, GroupStore groups) {
        this.states = states;
        this.groups = groups;
    }

    /**
     * Notification id to unread count. A notification whose user has left the group since is
     * absent: it is not that user's conversation any more.
     */
    Map<String, Long> of(List<NotificationRecord> notifications, long now) {
        Map<String, Map<String, Long>> floors = new HashMap<>();
        Map<String, Map<String, Long>> groupFloors = new HashMap<>();
        for (NotificationRecord n : notifications) {
            long floor = 0;
            if (n.groupId() != null) {
                Long memberFloor = groupFloors.computeIfAbsent(n.groupId(), this::floors).get(n.userId());
                if (memberFloor == null) {
                    continue;
                }
                floor = memberFloor;
            }
            floors.computeIfAbsent(n.userId(), u -> new HashMap<>()).put(n.conversationId(), floor);
        }
        Map<String, Map<String, ConversationStates.State>> found = states.of(floors, now);
        Map<String, Long> unread = new HashMap<>();
        for (NotificationRecord n : notifications) {
            ConversationStates.State state = found.getOrDefault(n.userId(), Map.of()).get(n.conversationId());
            if (state != null) {
                unread.put(n.id(), state.unread());
            }
        }
        return unread;
    }

    private Map<String, Long> floors(String groupId) {
        Map<String, Long> floors = new HashMap<>();
        groups.find(groupId).ifPresent(g -> g.members().forEach(m -> floors.put(m.userId(), m.floor())));
        return floors;
    }
}
