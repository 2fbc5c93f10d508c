package dev.imlab.labs.lab12;

/**
 * What can make a hop slow: a setting of the server (with its property, as {@code --name=value}
 * would set it) or something in its code. The vocabulary of a {@link Diagnosis}; the guide says
 * what each one does.
 */
public enum Cause {
    KAFKA_LINGER_MS("imlab.kafka.linger-ms"),
    KAFKA_FETCH_MIN_BYTES("imlab.kafka.fetch-min-bytes"),
    KAFKA_FETCH_MAX_WAIT_MS("imlab.kafka.fetch-max-wait-ms"),
    KAFKA_PARTITIONS("imlab.kafka.partitions"),
    GATEWAY_BLOCKING_THREADS("imlab.gateway.blocking-threads"),
    GATEWAY_RATE_PER_SECOND("imlab.gateway.rate-per-second"),
    GATEWAY_MAX_IN_FLIGHT("imlab.gateway.max-in-flight"),
    SHED_PENDING_HIGH("imlab.gateway.shed.pending-high"),
    SHED_LAG_HIGH("imlab.gateway.shed.lag-high"),
    MONGO_FSYNC("imlab.embedded.mongo-fsync"),
    /** Code: a call that waits (a socket, a lock, a sleep) on a Netty event loop of the gateway. */
    BLOCKING_CALL_ON_AN_EVENT_LOOP(null),
    /** Code: a call that waits, made for each message on a Kafka consumer's poll thread. */
    BLOCKING_CALL_PER_MESSAGE_ON_A_POLL_THREAD(null),
    /** Code: a collection that only grows, until the collector spends its time on it. */
    MEMORY_LEAK(null),
    /** Code: threads queueing for one lock. */
    LOCK_CONTENTION(null);

    private final String property;

    Cause(String property) {
        this.property = property;
    }

    /** The setting's property; null for a cause in code. */
    public String property() {
        return property;
    }

    public boolean isSetting() {
        return property != null;
    }
}
