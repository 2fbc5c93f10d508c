package dev.imlab.bus;

import dev.imlab.protocol.Message;

/**
 * A message that is durably stored, on its way to the push role. Only stored messages are ever
 * pushed: a push of something that could still be lost would break "send_ack means stored".
 *
 * @param senderDeviceId the device that sent it: it gets a send_ack, not a push
 * @param trace per-hop timing so far; null when untraced
 */
public record StoredRecord(Message message, String senderDeviceId, Trace trace) {

    /** Without a trace. */
    public StoredRecord(Message message, String senderDeviceId) {
        this(message, senderDeviceId, null);
    }
}
