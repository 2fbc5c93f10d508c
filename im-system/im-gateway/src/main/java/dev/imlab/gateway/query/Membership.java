package dev.imlab.gateway.query;

import java.util.Collection;

/** Who belongs to which conversation. Blocking: call off the event loop unless {@link #isSingleChatMember} suffices. */
public interface Membership {

    /** Throws {@code NOT_MEMBER} (or {@code NO_SUCH_GROUP}) unless the user belongs to the conversation. */
    void requireMember(String userId, String conversationId);

    /** The group conversations ({@code sg_...}) the user belongs to. */
    Collection<String> groupConversationsOf(String userId);

    /** Seqs at or below this are not the user's: the group's max seq when the user joined; 0 for single chats. */
    long floor(String userId, String conversationId);
}
