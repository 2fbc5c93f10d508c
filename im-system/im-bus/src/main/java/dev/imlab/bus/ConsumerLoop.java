package dev.imlab.bus;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll, process, commit; on failure, rewind and retry with back-off. Offsets are committed only
 * after a batch fully succeeded, so a crash anywhere means the batch is read again: the
 * processor must be idempotent (the transfer is, through dedupe; the confirm role is, through
 * {@code $max}).
 *
 * <p>Back-pressure comes for free: while MongoDB or Kafka refuses, the loop keeps rewinding and
 * nothing is committed, and the records wait in Kafka.
 */
public final class ConsumerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;

    /** Processes one batch; throws to have it retried. */
    public interface Processor {
        void process(ConsumerRecords<String, byte[]> records) throws Exception;
    }

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Processor processor;
    private final Runnable onReset;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    public ConsumerLoop(String name, KafkaConsumer<String, byte[]> consumer, String topic, Processor processor,
                        Runnable onReset) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.processor = processor;
        this.onReset = onReset;
        this.thread = new Thread(this::run, name);
    }

    public void start() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                onReset.run();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                onReset.run();
                assigned = true;
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onReset.run();
            }
        });
        thread.start();
    }

    public boolean assigned() {
        return assigned;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    processor.process(records);
                    consumer.commitSync(nextOffsets(records));
                    backoff = MIN_BACKOFF_MS;
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    log.warn("{}: batch of {} failed, rewinding and retrying in {} ms: {}", name, records.count(), backoff,
                            e.toString());
                    onReset.run();
                    rewind(records);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            log.error("{}: consumer loop stopped", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Back to the first record of the failed batch in each partition we still own. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
