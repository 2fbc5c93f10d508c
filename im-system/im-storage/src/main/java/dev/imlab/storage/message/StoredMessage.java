package dev.imlab.storage.message;

import dev.imlab.protocol.Message;

/**
 * A message with the device that sent it (which gets a send_ack rather than a push).
 *
 * @param expireAt when it expires (epoch ms): from then on no pull returns it
 * @param recalledBy for a recalled message, the dedupe key (sender/clientMsgId) of the recall; else null
 */
public record StoredMessage(Message message, String senderDeviceId, long expireAt, String recalledBy) {

    /** A message about to be stored: its expiry is set as it is written ({@link MessageStore#inserts}). */
    public StoredMessage(Message message, String senderDeviceId) {
        this(message, senderDeviceId, Long.MAX_VALUE, null);
    }

    public String dedupeKey() {
        return DedupeStore.key(message.from(), message.clientMsgId());
    }

    public boolean expiredAt(long now) {
        return expireAt <= now;
    }

    /** This message recalled by {@code recallKey}: body gone, as pulls show it from then on. */
    public StoredMessage recalledBy(String recallKey) {
        return new StoredMessage(message.asRecalled(), senderDeviceId, expireAt, recallKey);
    }
}
