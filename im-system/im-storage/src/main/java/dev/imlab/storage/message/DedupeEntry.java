package dev.imlab.storage.message;

/** Where a sender's clientMsgId was stored. */
public record DedupeEntry(String conversationId, long seq, long serverTime) {
}
