package dev.imlab.protocol;

import static dev.imlab.protocol.ErrorCode.INVALID_FIELD;

import java.util.List;

/**
 * A conversation id: {@code si_<min(a,b)>_<max(a,b)>} for a single chat, {@code sg_<groupId>} for a
 * group. It is also the Kafka key of every record about the conversation, so all of them land
 * in one partition and have one writer.
 */
public record ConversationId(String value) {
    private static final String SINGLE = "si_";
    private static final String GROUP = "sg_";

    public ConversationId {
        if (parseOrNull(value) == null) {
            throw INVALID_FIELD.exception("conversationId '" + Ids.abbreviate(value)
                    + "' is neither si_<a>_<b> with a < b nor sg_<groupId>");
        }
    }

    public static ConversationId single(String a, String b) {
        if (a.equals(b)) {
            throw INVALID_FIELD.exception("sending to yourself ('" + a + "') is not a conversation");
        }
        return a.compareTo(b) < 0 ? new ConversationId(SINGLE + a + "_" + b) : new ConversationId(SINGLE + b + "_" + a);
    }

    public static ConversationId group(String groupId) {
        return new ConversationId(GROUP + groupId);
    }

    public static ConversationId parse(String value) {
        return new ConversationId(value);
    }

    public boolean isGroup() {
        return value.startsWith(GROUP);
    }

    /** The group id of a group conversation. */
    public String groupId() {
        if (!isGroup()) {
            throw new IllegalStateException(value + " is not a group conversation");
        }
        return value.substring(GROUP.length());
    }

    /** The two users of a single chat. */
    public List<String> users() {
        if (isGroup()) {
            throw new IllegalStateException(value + " is a group conversation");
        }
        return parseOrNull(value);
    }

    /** Whether {@code userId} is one of the two users of this single chat. */
    public boolean hasUser(String userId) {
        return !isGroup() && users().contains(userId);
    }

    /** The other user of a single chat, seen from {@code userId}. */
    public String peerOf(String userId) {
        List<String> users = users();
        return users.get(0).equals(userId) ? users.get(1) : users.get(0);
    }

    @Override
    public String toString() {
        return value;
    }

    /** The users of a single chat, {@code List.of()} for a valid group id, null when malformed. */
    private static List<String> parseOrNull(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith(GROUP)) {
            return Ids.isId(value.substring(GROUP.length())) ? List.of() : null;
        }
        if (!value.startsWith(SINGLE)) {
            return null;
        }
        String rest = value.substring(SINGLE.length());
        int split = rest.indexOf('_');
        if (split < 0) {
            return null;
        }
        String a = rest.substring(0, split);
        String b = rest.substring(split + 1);
        return Ids.isId(a) && Ids.isId(b) && a.compareTo(b) < 0 ? List.of(a, b) : null;
    }
}
