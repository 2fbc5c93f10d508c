package dev.imlab.push.fanout;

import dev.imlab.protocol.ConversationId;
import dev.imlab.storage.group.GroupMembersCache;
import dev.imlab.storage.group.GroupStore;
import java.util.Collection;
import java.util.List;

/**
 * The users of single chats (read off the id) and of groups: the members at the moment of the
 * push, so a member removed before it does not get it, and one added before it does (see
 * {@link GroupMembersCache}: exact, and without reading a large member list for every message).
 */
public final class GroupRecipients implements Recipients {
    private final GroupMembersCache members;
    private final Recipients singleChats = new SingleChatRecipients();

    public GroupRecipients(GroupStore groups) {
        this.members = new GroupMembersCache(groups);
    }

    /** The members of a group that does not exist are nobody: the gateway lets no message into one. */
    @Override
    public Collection<String> usersOf(String conversationId) {
        ConversationId id = ConversationId.parse(conversationId);
        if (!id.isGroup()) {
            return singleChats.usersOf(conversationId);
        }
        return members.members(id.groupId()).map(GroupMembersCache.Members::ids).orElse(List.of());
    }
}
