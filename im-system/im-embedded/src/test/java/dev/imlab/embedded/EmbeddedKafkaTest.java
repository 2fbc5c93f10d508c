package dev.imlab.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedKafkaTest {
    private static final String TOPIC = "im.upstream";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dir;

    @Test
    void producedRecords_canBeConsumed() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            createTopic(kafka);

            produce(kafka, "hello", "world");

            assertThat(consumeAll(kafka, 2)).containsExactly("hello", "world");
        }
    }

    @Test
    void restart_keepsTopicsRecordsAndCommittedOffsets() throws Exception {
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            createTopic(kafka);
            produce(kafka, "m1", "m2", "m3");
            commitOffset(kafka, 2);
            clusterId = clusterIdOf(kafka);
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(clusterIdOf(kafka)).isEqualTo(clusterId);
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
                assertThat(admin.listConsumerGroupOffsets("im-transfer").partitionsToOffsetAndMetadata().get())
                        .containsEntry(PARTITION, new OffsetAndMetadata(2));
            }
            assertThat(consumeAll(kafka, 3)).containsExactly("m1", "m2", "m3");
        }
    }

    @Test
    void acknowledgedRecords_surviveKill9() throws Exception {
        Path data = dir.resolve("data");
        Path stderr = dir.resolve("child-stderr.txt");
        Process child = ChildJvm.start(KafkaProducerUntilKilled.class, stderr, data.toString());
        int lastAcked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACKED ")) {
                    lastAcked = Integer.parseInt(line.substring("ACKED ".length()));
                    if (lastAcked == 200) {
                        // SIGKILL through the handle, so the acknowledgements still in the pipe can be read.
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lastAcked).as("child JVM died before 200 acknowledged records; stderr:%n%s", Files.readString(stderr))
                .isGreaterThanOrEqualTo(200)
                .isLessThan(KafkaProducerUntilKilled.MAX_RECORDS - 1);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(data, 0)) {
            List<String> stored = consumeAll(kafka, new TopicPartition(KafkaProducerUntilKilled.TOPIC, 0), lastAcked + 1);
            for (int n = 0; n <= lastAcked; n++) {
                assertThat(stored).as("acknowledged record %d", n).contains(String.valueOf(n));
            }
        }
    }

    private static void createTopic(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
    }

    private static void produce(EmbeddedKafka kafka, String... values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, value)).get();
            }
        }
    }

    private static List<String> consumeAll(EmbeddedKafka kafka, int expected) {
        return consumeAll(kafka, PARTITION, expected);
    }

    /** Reads the partition from the start until {@code expected} records arrived or 10 s passed. */
    private static List<String> consumeAll(EmbeddedKafka kafka, TopicPartition partition, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(kafka, null)) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static void commitOffset(EmbeddedKafka kafka, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka, "im-transfer")) {
            consumer.assign(Set.of(PARTITION));
            consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(offset)));
        }
    }

    private static String clusterIdOf(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String groupId) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
