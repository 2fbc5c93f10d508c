package dev.imlab.push.fanout;

import dev.imlab.protocol.ConversationId;
import java.util.Collection;

/** The two users named by a single chat's id; groups need a membership lookup instead. */
public final class SingleChatRecipients implements Recipients {

    @Override
    public Collection<String> usersOf(String conversationId) {
        ConversationId id = ConversationId.parse(conversationId);
        if (id.isGroup()) {
            throw new IllegalArgumentException("group " + conversationId + " needs a membership lookup");
        }
        return id.users();
    }
}
