package dev.imlab.gateway.query;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.storage.group.GroupMember;
import dev.imlab.storage.group.GroupStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Membership of single chats (read off the id) and of groups (read from {@link GroupStore}).
 *
 * @implNote Strategy candidates for the group check on every {@code send} and {@code pull}, where
 *     membership changes are rare and checks constant:
 *     <ol>
 *       <li>a cache with a time to live: a removed member keeps sending and reading until the
 *           entry expires. Refused: rule 6 says {@code NOT_MEMBER} "from then on".
 *       <li>a cache invalidated by a signal (Redis pub/sub, a Kafka topic): the member may be
 *           connected to any gateway and the removal may arrive at another, so the removal is
 *           only in force once every gateway has processed the signal; the remove call would
 *           have to wait for all of them, and a gateway that missed a signal (its subscription
 *           dropped) would have to notice and flush everything.
 *       <li>chosen: a point read by {@code _id} per check, projected to the caller's own member
 *           entry ({@code $elemMatch}), so it moves about 100 bytes however large the group is.
 *           It runs on the blocking pool the dispatcher already uses for group requests, and is
 *           exact on every gateway as soon as the removal's MongoDB write is acknowledged.
 *     </ol>
 *     Acks, far more frequent, share one read per group and 5 ms: see {@link GroupAckCheck}.
 *     The push role, which reads whole member lists, does cache: see {@code GroupRecipients}.
 */
public final class GroupMembership implements Membership {
    private final GroupStore groups;
    private final Membership singleChats = new SingleChatMembership();

    public GroupMembership(GroupStore groups) {
        this.groups = groups;
    }

    @Override
    public long requireMember(String userId, String conversationId) {
        ConversationId id = ConversationId.parse(conversationId);
        if (!id.isGroup()) {
            return singleChats.requireMember(userId, conversationId);
        }
        return groups.member(id.groupId(), userId)
                .map(GroupMember::floor)
                .orElseThrow(() -> ErrorCode.NOT_MEMBER.exception(userId + " is not a member of group '"
                        + id.groupId() + "'"));
    }

    @Override
    public Map<String, Long> groupFloorsOf(String userId) {
        Map<String, Long> byConversation = new LinkedHashMap<>();
        groups.floorsOf(userId).forEach((groupId, floor) ->
                byConversation.put(ConversationId.group(groupId).value(), floor));
        return byConversation;
    }
}
