package dev.imlab.bus;

/**
 * The Kafka topics of the message path and what keys them.
 *
 * <pre>
 * gateway --UPSTREAM(key conversationId)--> transfer --PUSH(key conversationId)--> push
 * push/transfer --gateway(id)--> the gateway that holds the device
 * gateway --ACK(key userId/deviceId)--> confirm
 * </pre>
 *
 * Keying by conversation id puts every record of a conversation in one partition, so the
 * partition's single owner is the conversation's single writer: that is what makes seqs
 * gap-free without a distributed lock.
 */
public final class Topics {
    public static final String UPSTREAM = "im.upstream";
    public static final String PUSH = "im.push";
    public static final String ACK = "im.ack";
    private static final String GATEWAY_PREFIX = "im.gw.";

    private Topics() {
    }

    /** The topic one gateway instance consumes: send_acks, pushes and kicks for its devices. */
    public static String gateway(String gatewayId) {
        return GATEWAY_PREFIX + gatewayId;
    }
}
