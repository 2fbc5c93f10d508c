package dev.imlab.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Run in a child JVM by {@link EmbeddedKafkaTest}: starts a broker on a directory and produces
 * records {@code 0, 1, 2, ...} with {@code acks=all}, printing {@code ACKED <n>} after each
 * acknowledged record, until the test kills it.
 */
final class KafkaProducerUntilKilled {
    static final String TOPIC = "im.stored";
    static final int MAX_RECORDS = 1_000_000;

    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        for (int n = 0; n < MAX_RECORDS; n++) {
            producer.send(new ProducerRecord<>(TOPIC, String.valueOf(n))).get();
            System.out.println("ACKED " + n);
            System.out.flush();
        }
    }

    private KafkaProducerUntilKilled() {
    }
}
