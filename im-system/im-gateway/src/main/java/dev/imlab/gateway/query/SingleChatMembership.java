package dev.imlab.gateway.query;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import java.util.Map;

/** Membership of single chats, read off the conversation id: {@code si_a_b} belongs to a and b. No groups. */
public final class SingleChatMembership implements Membership {

    @Override
    public long requireMember(String userId, String conversationId) {
        ConversationId id = ConversationId.parse(conversationId);
        if (id.isGroup()) {
            throw ErrorCode.NO_SUCH_GROUP.exception("no group '" + id.groupId() + "'");
        }
        if (!id.hasUser(userId)) {
            throw ErrorCode.NOT_MEMBER.exception(userId + " is not in " + conversationId);
        }
        return 0;
    }

    @Override
    public Map<String, Long> groupFloorsOf(String userId) {
        return Map.of();
    }
}
