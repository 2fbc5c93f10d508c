package dev.imlab.labs.lab10;

/**
 * A {@code read} frame as the confirm role gets it: user {@code userId} read everything of
 * {@code conversationId} up to and including {@code seq}, on device {@code deviceId}. The same
 * record is the receipt the coalescer sends once such a read is stored: its device is the one
 * that needs no {@code read_receipt}.
 */
public record Read(String userId, String deviceId, String conversationId, long seq) {

    /** The read seq it moves: one per user and conversation, shared by the user's devices. */
    public String key() {
        return key(userId, conversationId);
    }

    /** As the real {@code ReadStore.id}: user ids have no '/', so the first '/' ends the user. */
    public static String key(String userId, String conversationId) {
        return userId + "/" + conversationId;
    }
}
