package dev.imlab.bus;

/** A device's cumulative ack, on its way to the confirm role. */
public record AckRecord(String userId, String deviceId, String conversationId, long seq) {

    /** Where its batch goes: all acks of one device to one partition, so its cursors have one writer. */
    public String key() {
        return userId + "/" + deviceId;
    }
}
