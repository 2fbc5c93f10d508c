package dev.imlab.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class AckBatcherTest {
    private static final int PARTITIONS = 4;
    private final MockProducer<String, byte[]> producer = new MockProducer<>(ackTopic(), false, null,
            new StringSerializer(), new ByteArraySerializer());
    private final AckBatcher batcher = new AckBatcher(producer);

    private static Cluster ackTopic() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new PartitionInfo(Topics.ACK, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }

    private List<AckRecord> sent() {
        List<AckRecord> acks = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : producer.history()) {
            acks.addAll(BusCodec.readAll(r.value(), AckRecord[].class));
        }
        return acks;
    }

    @Test
    void acksOfOneCursor_travelOnce_withTheHighestSeq() {
        batcher.add(new AckRecord("bob", "phone", "si_alice_bob", 3));
        batcher.add(new AckRecord("bob", "phone", "si_alice_bob", 7));
        batcher.add(new AckRecord("bob", "phone", "si_alice_bob", 5));
        batcher.add(new AckRecord("bob", "laptop", "si_alice_bob", 2));

        batcher.flush();

        assertThat(sent()).containsExactlyInAnyOrder(new AckRecord("bob", "phone", "si_alice_bob", 7),
                new AckRecord("bob", "laptop", "si_alice_bob", 2));
    }

    @Test
    void aFlush_sendsOneRecordPerPartition_andEachDeviceAlwaysToTheSameOne() {
        for (int device = 0; device < 100; device++) {
            batcher.add(new AckRecord("u" + device, "phone", "si_a_u" + device, 1));
        }

        batcher.flush();

        assertThat(producer.history()).hasSizeLessThanOrEqualTo(PARTITIONS);
        assertThat(sent()).hasSize(100);
        for (ProducerRecord<String, byte[]> r : producer.history()) {
            for (AckRecord ack : BusCodec.readAll(r.value(), AckRecord[].class)) {
                assertThat(r.partition()).isEqualTo(Topics.partitionOf(ack.key(), PARTITIONS));
            }
        }
    }

    @Test
    void acksKafkaRefused_goOutAgainWithTheNextFlush() {
        batcher.add(new AckRecord("bob", "phone", "si_alice_bob", 4));
        batcher.flush();
        producer.errorNext(new RuntimeException("broker away"));
        producer.clear();

        batcher.add(new AckRecord("bob", "laptop", "si_alice_bob", 1));
        batcher.flush();
        producer.completeNext();

        assertThat(sent()).containsExactlyInAnyOrder(new AckRecord("bob", "phone", "si_alice_bob", 4),
                new AckRecord("bob", "laptop", "si_alice_bob", 1));
    }

    @Test
    void nothingToFlush_sendsNothing() {
        batcher.flush();

        assertThat(producer.history()).isEmpty();
    }

    /**
     * An add that races a flush must reach Kafka in that flush or a later one: the highest seq of every
     * cursor arrives. Each cursor gets one ack per round, so each add is a cursor's last and none may fall
     * between a flush's reading of the pending acks and its sending of them.
     */
    @Test
    void acksAddedWhileAFlushRuns_allArrive_withTheHighestSeqOfEachCursor() throws Exception {
        int threads = 4;
        int rounds = 500;
        int cursorsPerThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            for (int round = 0; round < rounds; round++) {
                producer.clear();
                int r = round;
                CountDownLatch start = new CountDownLatch(1);
                AtomicBoolean adding = new AtomicBoolean(true);
                List<Future<?>> adders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    adders.add(pool.submit(() -> {
                        start.await();
                        for (int c = 0; c < cursorsPerThread; c++) {
                            batcher.add(new AckRecord("u" + thread, "d" + c, "si_" + r, r + 1));
                        }
                        return null;
                    }));
                }
                Future<?> flusher = pool.submit(() -> {
                    start.await();
                    while (adding.get()) {
                        batcher.flush();
                    }
                    return null;
                });
                start.countDown();
                for (Future<?> adder : adders) {
                    adder.get(30, TimeUnit.SECONDS);
                }
                adding.set(false);
                flusher.get(30, TimeUnit.SECONDS);
                batcher.flush();

                Map<String, Long> highest = new HashMap<>();
                for (AckRecord ack : sent()) {
                    highest.merge(ack.userId() + "/" + ack.deviceId() + "/" + ack.conversationId(), ack.seq(), Math::max);
                }
                for (int t = 0; t < threads; t++) {
                    for (int c = 0; c < cursorsPerThread; c++) {
                        assertThat(highest.get("u" + t + "/d" + c + "/si_" + r))
                                .as("round %d, thread %d, cursor %d", r, t, c).isEqualTo(r + 1L);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
