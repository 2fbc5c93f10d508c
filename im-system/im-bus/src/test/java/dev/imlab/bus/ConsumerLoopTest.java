package dev.imlab.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Offsets are committed only for the oldest batches whose hand-off completed, and a failure reads them again. */
@Timeout(30)
class ConsumerLoopTest {
    private static final String TOPIC = "im.test";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    /** Each processed batch: its first offset and the future the test completes. */
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger resets = new AtomicInteger();
    private ConsumerLoop loop;

    private record Batch(long firstOffset, int size, CompletableFuture<Void> handOff) {
    }

    @BeforeEach
    void start() {
        loop = new ConsumerLoop("test", consumer, TOPIC, records -> {
            CompletableFuture<Void> handOff = new CompletableFuture<>();
            batches.add(new Batch(records.iterator().next().offset(), records.count(), handOff));
            return handOff;
        }, resets::incrementAndGet, 8);
        loop.start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
        });
        await().until(loop::assigned);
    }

    @AfterEach
    void stop() {
        batches.forEach(b -> b.handOff().complete(null));
        loop.close();
    }

    @Test
    void offsets_areCommittedOnlyAfterTheHandOffCompleted() {
        send(0, 1, 2);
        await().until(() -> batches.size() == 1);
        pause();
        assertThat(committed()).as("committed while Kafka has not acknowledged the hand-off").isNull();

        batches.get(0).handOff().complete(null);

        await().untilAsserted(() -> assertThat(committed()).isEqualTo(3));
    }

    @Test
    void aLaterBatch_isProcessedWhileAnEarlierOneIsOpen_butCommittedOnlyAfterIt() {
        send(0, 1);
        await().until(() -> batches.size() == 1);
        send(2, 3);
        await("the second batch is processed while the first is still open").until(() -> batches.size() == 2);

        batches.get(1).handOff().complete(null);
        pause();
        assertThat(committed()).as("the second batch's offsets would cover the first's open records").isNull();

        batches.get(0).handOff().complete(null);
        await().untilAsserted(() -> assertThat(committed()).isEqualTo(4));
    }

    @Test
    void aFailedHandOff_readsEverythingUncommittedAgain_afterAReset() {
        send(0, 1);
        await().until(() -> batches.size() == 1);
        send(2);
        await().until(() -> batches.size() == 2);
        int resetsBefore = resets.get();

        batches.get(0).handOff().completeExceptionally(new IllegalStateException("Kafka refused"));

        await("rewound to the first uncommitted record").until(() -> resets.get() > resetsBefore && position() == 0);
        send(0, 1, 2); // MockConsumer forgets records once polled; a broker would serve them again from the log
        await("both open batches are read again").until(() -> batches.stream().filter(b -> b.firstOffset() == 0).count() == 2);
        Batch again = batches.get(batches.size() - 1);
        assertThat(again.size()).isEqualTo(3);
        again.handOff().complete(null);
        await().untilAsserted(() -> assertThat(committed()).isEqualTo(3));
    }

    @Test
    void aProcessorThatThrows_isRetriedFromTheSameRecords() {
        ConsumerLoop throwing = null;
        loop.close();
        MockConsumer<String, byte[]> other = new MockConsumer<>("earliest");
        AtomicInteger calls = new AtomicInteger();
        try {
            throwing = new ConsumerLoop("throwing", other, TOPIC, records -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("MongoDB is away");
                }
                return CompletableFuture.completedFuture(null);
            }, () -> { }, 1);
            throwing.start();
            other.schedulePollTask(() -> {
                other.rebalance(List.of(P0));
                other.updateBeginningOffsets(Map.of(P0, 0L));
                other.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k", new byte[0]));
            });
            await("rewound after the failure").until(() -> calls.get() == 1 && positionOf(other) == 0);
            other.schedulePollTask(() -> other.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k", new byte[0])));
            await().untilAsserted(() -> assertThat(other.committed(Set.of(P0)).get(P0))
                    .isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(1L));
            assertThat(calls.get()).isEqualTo(2);
        } finally {
            if (throwing != null) {
                throwing.close();
            }
        }
    }

    private void send(long... offsets) {
        consumer.schedulePollTask(() -> {
            for (long offset : offsets) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "k", new byte[0]));
            }
        });
    }

    private long position() {
        return positionOf(consumer);
    }

    private static long positionOf(MockConsumer<String, byte[]> consumer) {
        synchronized (consumer) {
            return consumer.assignment().contains(P0) ? consumer.position(P0) : -1;
        }
    }

    private Long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(P0)).get(P0);
        return offset == null ? null : offset.offset();
    }

    /** Gives the loop time to do what it should not: a test of "nothing happens" cannot await it. */
    private static void pause() {
        try {
            Thread.sleep(Duration.ofMillis(200).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
