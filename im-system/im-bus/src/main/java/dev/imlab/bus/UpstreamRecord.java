package dev.imlab.bus;

/**
 * A validated {@code send}, as the gateway hands it to the transfer.
 *
 * @param gatewayId where the sender's {@code send_ack} goes back to
 * @param receivedAt when the gateway read the frame (epoch ms)
 * @param trace per-hop timing; null when the sender did not trace
 */
public record UpstreamRecord(String senderId, String senderDeviceId, String gatewayId, String clientMsgId,
                             String conversationId, String to, String groupId, String body, long receivedAt,
                             Trace trace) {

    /** Without a trace. */
    public UpstreamRecord(String senderId, String senderDeviceId, String gatewayId, String clientMsgId,
                          String conversationId, String to, String groupId, String body, long receivedAt) {
        this(senderId, senderDeviceId, gatewayId, clientMsgId, conversationId, to, groupId, body, receivedAt, null);
    }

    /** The dedupe key of PROTOCOL.md rule 5: sender + clientMsgId. */
    public String dedupeKey() {
        return senderId + "/" + clientMsgId;
    }
}
