package dev.imlab.storage.message;

import dev.imlab.protocol.Message;

/** A message with the device that sent it (which gets a send_ack rather than a push). */
public record StoredMessage(Message message, String senderDeviceId) {

    public String dedupeKey() {
        return DedupeStore.key(message.from(), message.clientMsgId());
    }
}
