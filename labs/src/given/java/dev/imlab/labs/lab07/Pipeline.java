package dev.imlab.labs.lab07;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The lab's message pipeline, the message path of imlab in miniature:
 *
 * <pre>
 * users ─(TCP)→ {@link Edge} ─(producer)→ Kafka ─(consumer)→ {@link Responder}: handler, {@link ProfileStore} call
 *       ←(TCP)── Edge ←───────────────────────── reply ──────────────────────────┘
 * </pre>
 *
 * Every message carries the time it passed each point ({@link Stamps}); a run ends with the table
 * of each {@link Hop}'s percentiles. That table, not a guess, says where the time goes.
 */
public final class Pipeline {

    private Pipeline() {
    }

    /**
     * Runs the load once through a fresh topic with these settings and reports on it.
     *
     * @param topic created here, one partition, so a name no earlier run used
     */
    static LatencyReport run(String bootstrapServers, String topic, String name, PipelineSettings settings, Load load)
            throws Exception {
        createTopic(bootstrapServers, topic);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers, settings));
             Edge edge = new Edge(settings, producer, topic, e -> failure.compareAndSet(null, e));
             Responder responder = new Responder(settings, assigned(bootstrapServers, settings, partition),
                     new ProfileStore(), edge, e -> failure.compareAndSet(null, e));
             LoadClient client = new LoadClient(edge.port(), load.users(), settings)) {
            producer.partitionsFor(topic); // metadata now, not on the first message
            edge.start(load.users());
            responder.start();
            List<Stamps> all = client.run(load, failure);
            String title = String.format("lab07 %s: %s%n  %d users, %d messages a second for %.1f s, the first %d to warm up",
                    name, settings, load.users(), load.perSecond(), load.messages() / (double) load.perSecond(),
                    load.warmup());
            return new LatencyReport(title, all.subList(load.warmup(), all.size()));
        }
    }

    private static Map<String, Object> producerConfig(String bootstrapServers, PipelineSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lab07-edge");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** A consumer without a group (no rebalance to wait for), reading the partition from its start. */
    private static KafkaConsumer<String, byte[]> assigned(String bootstrapServers, PipelineSettings settings,
                                                          TopicPartition partition) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "lab07-responder");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, settings.fetchMinBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, settings.fetchMaxWaitMs());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        consumer.position(partition, Duration.ofSeconds(30)); // resolve the offset now, not on the first poll
        return consumer;
    }

    /**
     * One partition, so that the run's order is one log's; the broker stamps each record when it
     * appends it ({@code LogAppendTime}), which splits the Kafka hop into produce and fetch.
     */
    private static void createTopic(String bootstrapServers, String topic) throws Exception {
        NewTopic newTopic = new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!hasLeader(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " got no leader within 30 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    private static boolean hasLeader(TopicDescription topic) {
        return topic.partitions().get(0).leader() != null && !topic.partitions().get(0).leader().isEmpty();
    }
}
