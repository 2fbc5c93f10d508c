package dev.imlab.push.fanout;

import java.util.Collection;

/** Who should receive the messages of a conversation. */
public interface Recipients {

    /** The users of a conversation: both users of a single chat, the members of a group. */
    Collection<String> usersOf(String conversationId);
}
