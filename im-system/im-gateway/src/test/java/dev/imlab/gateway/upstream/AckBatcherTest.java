package dev.imlab.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
}
