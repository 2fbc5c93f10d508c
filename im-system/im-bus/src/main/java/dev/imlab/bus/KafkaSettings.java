package dev.imlab.bus;

/**
 * How imlab talks to Kafka.
 *
 * @param bootstrapServers host:port list of the brokers
 * @param partitions partitions of the shared topics; bounds how many transfer, push and confirm
 *        instances can share the work
 * @param replicationFactor 1 for the embedded single broker, 3 in production
 * @param lingerMs how long a producer waits for more records to send them in one request
 * @param fetchMinBytes a consumer's fetch is answered once this much is there, or ...
 * @param fetchMaxWaitMs ... once this long has passed
 * @param maxBlockMs how long a send may block on metadata or a full buffer before failing
 * @param requestTimeoutMs how long one produce request may take
 * @param deliveryTimeoutMs how long a record may wait for the broker before its send fails
 * @param maxPollRecords the largest batch the transfer stores in one go (2,000 here and in the server: see
 *        {@code imlab.kafka.max-poll-records})
 * @param sessionTimeoutMs how soon a dead consumer's partitions move to another
 * @param staticMembership consumers join their groups under their client id, which the process
 *        keeps across restarts: a restarted process takes its partitions back at once (KIP-345)
 */
public record KafkaSettings(String bootstrapServers, int partitions, int replicationFactor, int lingerMs,
                            int fetchMinBytes, int fetchMaxWaitMs, int maxBlockMs, int requestTimeoutMs,
                            int deliveryTimeoutMs, int maxPollRecords, int sessionTimeoutMs, boolean staticMembership) {

    public static KafkaSettings defaults(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, 8, 1, 1, 1, 100, 2_000, 5_000, 15_000, 2_000, 10_000, false);
    }
}
