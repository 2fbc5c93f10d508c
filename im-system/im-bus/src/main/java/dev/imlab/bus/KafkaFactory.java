package dev.imlab.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers, consumers and topics with the settings the message path depends on. */
public final class KafkaFactory {
    private final KafkaSettings settings;

    public KafkaFactory(KafkaSettings settings) {
        this.settings = settings;
    }

    public KafkaSettings settings() {
        return settings;
    }

    public KafkaProducer<String, byte[]> producer(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // acks=all + idempotence: a record the broker acknowledged survives a broker restart and is
        // written once even when the producer retries.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A short linger still batches under load but adds at most 1 ms when idle.
        config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
        // Fail fast rather than park a gateway event loop: the caller answers UNAVAILABLE.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlockMs());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.requestTimeoutMs());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.deliveryTimeoutMs());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** A consumer in a group: partitions are shared among the group's members. Offsets are committed by hand. */
    public KafkaConsumer<String, byte[]> groupConsumer(String groupId, String clientId) {
        return new KafkaConsumer<>(groupConfig(groupId, clientId));
    }

    private Map<String, Object> groupConfig(String groupId, String clientId) {
        Map<String, Object> config = consumerConfig(clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (settings.staticMembership()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId);
        }
        return config;
    }

    /**
     * A group consumer that waits for fuller batches: a fetch returns once {@code minBytes} are
     * there or {@code maxWaitMs} passed. For work that is not on anyone's critical path, where
     * fewer, larger batches save the storage's write slots for work that is.
     */
    public KafkaConsumer<String, byte[]> batchingGroupConsumer(String groupId, String clientId, int minBytes,
                                                               int maxWaitMs) {
        Map<String, Object> config = groupConfig(groupId, clientId);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, minBytes);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, maxWaitMs);
        return new KafkaConsumer<>(config);
    }

    /** A consumer without a group, for a gateway that reads its own topic from "now". */
    public KafkaConsumer<String, byte[]> standaloneConsumer(String clientId) {
        return new KafkaConsumer<>(consumerConfig(clientId));
    }

    private Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Offsets are committed only after the work a record asks for is durable.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, settings.fetchMinBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, settings.fetchMaxWaitMs());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, settings.sessionTimeoutMs());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, settings.sessionTimeoutMs() / 4));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Creates the shared topics and any extra ones; existing topics are left as they are. */
    public void ensureTopics(Set<String> gatewayTopics) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.UPSTREAM, settings.partitions(), (short) settings.replicationFactor()));
        topics.add(new NewTopic(Topics.PUSH, settings.partitions(), (short) settings.replicationFactor()));
        topics.add(new NewTopic(Topics.ACK, settings.partitions(), (short) settings.replicationFactor()));
        topics.add(new NewTopic(Topics.NOTIFY, settings.partitions(), (short) settings.replicationFactor()));
        for (String topic : gatewayTopics) {
            // One partition: a gateway's commands stay in the order the pushers wrote them.
            topics.add(new NewTopic(topic, 1, (short) settings.replicationFactor()));
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    public static Duration pollTimeout() {
        return Duration.ofMillis(100);
    }
}
