package dev.imlab.bench.throughput;

import dev.imlab.bench.report.Latency;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling: one Kafka produce-to-consume round trip of the same message size, on the same
 * broker, in the same run. imlab's path has at least two such hops (im.upstream, then im.push
 * and im.gw.*) plus a MongoDB write, so it cannot beat this; the ratio says how much of the
 * ceiling the rest of the pipeline costs.
 */
public final class KafkaCeiling {
    /** Producer settings as imlab's own (acks=all, idempotent, linger 1 ms). */
    public record Result(double messagesPerSecond, Histogram latency, long messages) {
    }

    public static Result run(String bootstrap, int size, Duration duration, int window, int partitions) throws Exception {
        String topic = "bench.ceiling." + Long.toString(System.nanoTime(), 36);
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        Histogram latency = Latency.histogram();
        Semaphore inFlight = new Semaphore(window);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long assignDeadline = System.nanoTime() + 30_000_000_000L;
            while (consumer.assignment().isEmpty() && System.nanoTime() < assignDeadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            long[] consumed = {0};
            long end = System.nanoTime() + duration.toNanos();
            Thread produce = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    try {
                        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    byte[] value = new byte[Math.max(8, size)];
                    ByteBuffer.wrap(value).putLong(System.nanoTime());
                    byte[] key = ("k" + (i++ % 64)).getBytes();
                    producer.send(new ProducerRecord<>(topic, key, value));
                }
            }, "ceiling-producer");
            long start = System.nanoTime();
            produce.start();
            long stop = end + 5_000_000_000L;
            while (System.nanoTime() < stop && (produce.isAlive() || inFlight.availablePermits() < window)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    latency.recordValue(Math.max(1, (now - ByteBuffer.wrap(r.value()).getLong()) / 1000));
                    consumed[0]++;
                    inFlight.release();
                }
            }
            produce.join(10_000);
            double seconds = (Math.min(System.nanoTime(), end) - start) / 1e9;
            return new Result(consumed[0] / Math.max(seconds, 0.001), latency, consumed[0]);
        } finally {
            try (Admin a = Admin.create(admin)) {
                a.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a left-over bench topic harms nothing
            }
        }
    }

}
