package dev.imlab.protocol;

/**
 * A stored message, as {@code push} and {@code pull_result} carry it.
 *
 * @param groupId the group of a group message, null for a single chat
 */
public record Message(String conversationId, long seq, String from, String body, String clientMsgId,
                      long serverTime, String groupId) {
}
