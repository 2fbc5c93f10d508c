package dev.imlab.bus;

/**
 * A device's cumulative ack, or (with {@code read}) a user's read seq, on its way to the confirm role.
 *
 * @param read false: the device received everything up to {@code seq} (a delivery cursor); true:
 *     the user read everything up to {@code seq} (the read seq its devices share), and {@code deviceId}
 *     is the device it was read on, which needs no read receipt
 */
public record AckRecord(String userId, String deviceId, String conversationId, long seq, boolean read) {

    /** A device's ack. */
    public AckRecord(String userId, String deviceId, String conversationId, long seq) {
        this(userId, deviceId, conversationId, seq, false);
    }

    public static AckRecord read(String userId, String deviceId, String conversationId, long seq) {
        return new AckRecord(userId, deviceId, conversationId, seq, true);
    }

    /**
     * Where its batch goes: everything of one user to one partition, so the user's cursors and read
     * seqs each have one writer.
     */
    public String key() {
        return userId;
    }
}
