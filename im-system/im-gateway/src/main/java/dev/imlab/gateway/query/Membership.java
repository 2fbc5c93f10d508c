package dev.imlab.gateway.query;

import java.util.Map;

/** Who belongs to which conversation. Blocking: call off the event loop. */
public interface Membership {

    /**
     * Throws {@code NOT_MEMBER} (or {@code NO_SUCH_GROUP}) unless the user belongs to the
     * conversation.
     *
     * @return the user's floor: seqs at or below it are not theirs (the group's max seq when the
     *     user joined, PROTOCOL.md rule 6); 0 for single chats
     */
    long requireMember(String userId, String conversationId);

    /** The group conversations ({@code sg_...}) the user belongs to now, each with the user's floor. */
    Map<String, Long> groupFloorsOf(String userId);
}
