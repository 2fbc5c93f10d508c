package dev.imlab.bus;

/**
 * A stored message for a member user that had no connected device when it was pushed, on its way
 * to the offline webhook (PROTOCOL.md v2). The user's unread count is looked up when it is sent.
 *
 * @param preview at most the first 100 characters of the body
 * @param recalledSeq for a recall, the seq it recalls (imlab's extension: a receiver can withdraw
 *     the notification it showed for that message); null otherwise
 */
public record NotificationRecord(String userId, String conversationId, long seq, String from, String groupId,
                                 String kind, String preview, Long recalledSeq) {

    /** What receivers dedupe by: a notification may be sent more than once. */
    public String id() {
        return userId + "/" + conversationId + "/" + seq;
    }
}
