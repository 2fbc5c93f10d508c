package dev.imlab.gateway.group;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.group.GroupRecord;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.storage.user.UserStore;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rules of group membership; blocking (MongoDB), called off the event loop with an
 * authenticated caller.
 *
 * <ul>
 *   <li>The creator is the owner and a member. Only the owner adds and removes others.
 *   <li>A new member's floor is the group's max seq when it joins (PROTOCOL.md rule 6); adding a
 *       member twice changes nothing, the first floor stands. A member removed and added again
 *       is a new member: the messages of its first stay are below its new floor.
 *   <li>Any member may leave; the owner may neither leave nor be removed, so a group always has
 *       an owner (there is no transfer of ownership and no deletion of groups yet).
 *   <li>Removing someone who is not a member is harmless, like adding twice: a retried
 *       removal whose answer was lost must not fail.
 * </ul>
 */
public final class GroupService {
    /** Keeps a group document far below MongoDB's 16 MiB and a message's fan-out bounded. */
    static final int MAX_MEMBERS = 10_000;

    private final GroupStore groups;
    private final UserStore users;
    private final ConversationStore conversations;
    private final Clock clock;

    public GroupService(GroupStore groups, UserStore users, ConversationStore conversations, Clock clock) {
        this.groups = groups;
        this.users = users;
        this.conversations = conversations;
        this.clock = clock;
    }

    public GroupRecord create(String caller, String groupId, Collection<String> memberIds) {
        Ids.requireId("groupId", groupId);
        Set<String> members = new LinkedHashSet<>();
        members.add(caller);
        for (String userId : memberIds) {
            members.add(Ids.requireId("member", userId));
        }
        if (members.size() > MAX_MEMBERS) {
            throw ErrorCode.INVALID_FIELD.exception("a group has at most " + MAX_MEMBERS + " members, asked for "
                    + members.size());
        }
        for (String userId : members) {
            requireUser(userId);
        }
        return groups.create(groupId, caller, members, clock.millis());
    }

    public GroupRecord add(String caller, String groupId, String userId) {
        GroupRecord group = ownedBy(caller, groupId);
        Ids.requireId("userId", userId);
        requireUser(userId);
        if (group.hasMember(userId)) {
            return group;
        }
        if (group.members().size() >= MAX_MEMBERS) {
            throw ErrorCode.INVALID_FIELD.exception("group '" + groupId + "' is full: " + MAX_MEMBERS + " members");
        }
        // Joining is not atomic with the message stream: maxSeq may lag the stored messages by a
        // batch, and a push in flight may read the new member list. So a new member may get a
        // message or two from just before it joined, but never misses one from after.
        return groups.add(groupId, userId, conversations.maxSeq(ConversationId.group(groupId).value()));
    }

    /** The owner removes a member, or a member removes itself (leaves). */
    public GroupRecord remove(String caller, String groupId, String userId) {
        Ids.requireId("userId", userId);
        if (userId.equals(caller)) {
            return leave(caller, groupId);
        }
        GroupRecord group = ownedBy(caller, groupId);
        return group.hasMember(userId) ? groups.remove(groupId, userId) : group;
    }

    public GroupRecord leave(String caller, String groupId) {
        GroupRecord group = find(groupId);
        if (group.owner().equals(caller)) {
            throw ErrorCode.FORBIDDEN.exception("the owner of group '" + groupId + "' cannot leave it");
        }
        if (!group.hasMember(caller)) {
            throw ErrorCode.NOT_MEMBER.exception(caller + " is not a member of group '" + groupId + "'");
        }
        return groups.remove(groupId, caller);
    }

    /** The group, for its members only. */
    public GroupRecord get(String caller, String groupId) {
        GroupRecord group = find(groupId);
        if (!group.hasMember(caller)) {
            throw ErrorCode.NOT_MEMBER.exception(caller + " is not a member of group '" + groupId + "'");
        }
        return group;
    }

    private GroupRecord ownedBy(String caller, String groupId) {
        GroupRecord group = find(groupId);
        if (!group.owner().equals(caller)) {
            throw ErrorCode.FORBIDDEN.exception("only the owner of group '" + groupId + "' may change its members");
        }
        return group;
    }

    private GroupRecord find(String groupId) {
        Ids.requireId("groupId", groupId);
        return groups.find(groupId).orElseThrow(() -> ErrorCode.NO_SUCH_GROUP.exception("no group '" + groupId + "'"));
    }

    private void requireUser(String userId) {
        if (!users.exists(userId)) {
            throw ErrorCode.NO_SUCH_USER.exception("no user '" + userId + "'");
        }
    }
}
