package dev.imlab.bus;

/**
 * The Kafka topics of the message path and what keys them.
 *
 * <pre>
 * gateway --UPSTREAM(key conversationId)--> transfer --PUSH(partition by conversationId)--> push
 * push/transfer --gateway(id)--> the gateway that holds the device
 * gateway --ACK(partition by userId: acks and reads)--> confirm --gateway(id)--> read receipts
 * push --NOTIFY(partition by userId)--> notification sender --HTTP--> webhook
 * </pre>
 *
 * Keying by conversation id puts every record of a conversation in one partition, so the
 * partition's single owner is the conversation's single writer: that is what makes seqs
 * gap-free without a distributed lock.
 *
 * <p>{@code UPSTREAM} carries one send per record, as devices send them. {@code ACK}, {@code PUSH}
 * and the gateway topics carry batches: each gateway sends its merged acks every few tens of
 * milliseconds, one record per partition; the transfer writes one {@code PUSH} record
 * per partition and poll ({@link #partitionOf}), and one record per gateway and poll for the
 * send_acks; the push role writes one record per gateway and poll. At 2,000 messages a second
 * that is a few hundred records instead of 6,000, and Kafka's cost is per record and request far
 * more than per byte.
 */
public final class Topics {
    public static final String UPSTREAM = "im.upstream";
    public static final String PUSH = "im.push";
    public static final String ACK = "im.ack";
    /** Offline notifications on their way to the webhook (only with {@code imlab.offline-push.webhook-url}). */
    public static final String NOTIFY = "im.notify";
    private static final String GATEWAY_PREFIX = "im.gw.";
    /**
     * The consumer group that reads {@code UPSTREAM}: the transfer role. Its lag is how far the
     * transfer is behind every gateway's sends, which the gateways' load shedding watches.
     */
    public static final String UPSTREAM_GROUP = "im-transfer";
    /** The consumer group that reads {@code PUSH}: the push role. */
    public static final String PUSH_GROUP = "im-push";
    /** The consumer group that reads {@code ACK}: the confirm role. */
    public static final String ACK_GROUP = "im-confirm";

    private Topics() {
    }

    /**
     * The partition of a batch's records that share a key: any fixed function of the key keeps the
     * records of one conversation (on {@code PUSH}) in one partition, and so in order.
     */
    public static int partitionOf(String key, int partitions) {
        return Math.floorMod(key.hashCode(), partitions);
    }

    /** The topic one gateway instance consumes: send_acks, pushes and kicks for its devices. */
    public static String gateway(String gatewayId) {
        return GATEWAY_PREFIX + gatewayId;
    }
}
