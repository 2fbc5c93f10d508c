package dev.imlab.push.fanout;

import dev.imlab.protocol.ConversationId;
import dev.imlab.storage.group.GroupRecord;
import dev.imlab.storage.group.GroupStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of single chats (read off the id) and of groups: the members at the moment of the
 * push, so a member removed before it does not get it, and one added before it does.
 *
 * @implNote A large group's member list is cached, and each push checks the cached copy
 *     against the group's version (a read of a few bytes) before using it: exact, because the
 *     version changes in the same atomic update as the member list, and cheap, because a
 *     2,000-member list is about 50 KB to read and decode for every message otherwise. Below
 *     {@link #CACHE_FROM_MEMBERS} reading the list costs about what checking the version
 *     costs, so small groups are read afresh and not cached at all. A time-to-live cache
 *     would be cheaper still, but would push to removed members until it expires.
 */
public final class GroupRecipients implements Recipients {
    static final int CACHE_FROM_MEMBERS = 100;
    /** Even if every cached group were full (10,000 ids of about 64 bytes each), about 160 MB. */
    static final int MAX_CACHED_GROUPS = 256;

    private final GroupStore groups;
    private final Recipients singleChats = new SingleChatRecipients();
    private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED_GROUPS;
        }
    };

    public GroupRecipients(GroupStore groups) {
        this.groups = groups;
    }

    /** The members of a group that does not exist are nobody: the gateway lets no message into one. */
    @Override
    public synchronized Collection<String> usersOf(String conversationId) {
        ConversationId id = ConversationId.parse(conversationId);
        if (!id.isGroup()) {
            return singleChats.usersOf(conversationId);
        }
        String groupId = id.groupId();
        Cached cached = cache.get(groupId);
        if (cached != null && groups.version(groupId) == cached.version()) {
            return cached.memberIds();
        }
        GroupRecord current = groups.find(groupId).orElse(null);
        if (current == null) {
            cache.remove(groupId);
            return List.of();
        }
        List<String> memberIds = current.memberIds();
        if (memberIds.size() >= CACHE_FROM_MEMBERS) {
            cache.put(groupId, new Cached(current.version(), memberIds));
        } else {
            cache.remove(groupId);
        }
        return memberIds;
    }

    private record Cached(long version, List<String> memberIds) {
    }
}
