package dev.imlab.protocol;

/**
 * A stored message, as {@code push} and {@code pull_result} carry it.
 *
 * @param groupId the group of a group message, null for a single chat
 * @param kind null for a text message; {@link #RECALL} for a recall, which takes a seq of its own
 * @param recalledSeq for a recall: the seq it recalls; 0 otherwise
 * @param recalled a text message that was recalled since: its body is empty
 */
public record Message(String conversationId, long seq, String from, String body, String clientMsgId,
                      long serverTime, String groupId, String kind, long recalledSeq, boolean recalled) {

    /** The {@code kind} of a recall (PROTOCOL.md v2). */
    public static final String RECALL = "recall";

    /** A text message, as v1 knew it. */
    public Message(String conversationId, long seq, String from, String body, String clientMsgId, long serverTime,
                   String groupId) {
        this(conversationId, seq, from, body, clientMsgId, serverTime, groupId, null, 0, false);
    }

    /** A recall of {@code recalledSeq}: empty body, a seq of its own. */
    public static Message recall(String conversationId, long seq, String from, String clientMsgId, long serverTime,
                                 String groupId, long recalledSeq) {
        return new Message(conversationId, seq, from, "", clientMsgId, serverTime, groupId, RECALL, recalledSeq, false);
    }

    public boolean isRecall() {
        return RECALL.equals(kind);
    }

    /** This message as pulls show it once recalled: body gone, seq, sender and time kept. */
    public Message asRecalled() {
        return new Message(conversationId, seq, from, "", clientMsgId, serverTime, groupId, kind, recalledSeq, true);
    }
}
