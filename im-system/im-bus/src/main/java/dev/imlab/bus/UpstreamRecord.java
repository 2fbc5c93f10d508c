package dev.imlab.bus;

import dev.imlab.protocol.Message;

/**
 * A validated {@code send} or {@code recall}, as the gateway hands it to the transfer.
 *
 * @param gatewayId where the sender's {@code send_ack} (or a recall's refusal) goes back to
 * @param receivedAt when the gateway read the frame (epoch ms)
 * @param trace per-hop timing; null when the sender did not trace
 * @param kind null for a send; {@link dev.imlab.protocol.Message#RECALL} for a recall
 * @param recalledSeq for a recall: the seq of the message to recall
 */
public record UpstreamRecord(String senderId, String senderDeviceId, String gatewayId, String clientMsgId,
                             String conversationId, String to, String groupId, String body, long receivedAt,
                             Trace trace, String kind, long recalledSeq) {

    /** A send. */
    public UpstreamRecord(String senderId, String senderDeviceId, String gatewayId, String clientMsgId,
                          String conversationId, String to, String groupId, String body, long receivedAt, Trace trace) {
        this(senderId, senderDeviceId, gatewayId, clientMsgId, conversationId, to, groupId, body, receivedAt, trace,
                null, 0);
    }

    /** A send without a trace. */
    public UpstreamRecord(String senderId, String senderDeviceId, String gatewayId, String clientMsgId,
                          String conversationId, String to, String groupId, String body, long receivedAt) {
        this(senderId, senderDeviceId, gatewayId, clientMsgId, conversationId, to, groupId, body, receivedAt, null);
    }

    /** A recall of {@code recalledSeq}, already checked for membership by the gateway. */
    public static UpstreamRecord recall(String senderId, String senderDeviceId, String gatewayId, String clientMsgId,
                                        String conversationId, String groupId, long recalledSeq, long receivedAt) {
        return new UpstreamRecord(senderId, senderDeviceId, gatewayId, clientMsgId, conversationId, null, groupId, "",
                receivedAt, null, Message.RECALL, recalledSeq);
    }

    public boolean isRecall() {
        return Message.RECALL.equals(kind);
    }

    /** The dedupe key of PROTOCOL.md rule 5: sender + clientMsgId. */
    public String dedupeKey() {
        return senderId + "/" + clientMsgId;
    }
}
