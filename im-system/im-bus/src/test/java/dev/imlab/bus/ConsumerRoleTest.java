package dev.imlab.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A role with several consumer loops: ready when all are, their partitions summed, all of them stopped by close. */
@Timeout(30)
class ConsumerRoleTest {
    private static final String TOPIC = "im.test";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    private static final class TwoLoops extends ConsumerRole {
        TwoLoops(List<ConsumerLoop> loops) {
            super(loops);
        }
    }

    @Test
    void twoLoops_eachWorkOnTheirOwnPartitions_andAreReadyAndClosedTogether() {
        MockConsumer<String, byte[]> first = new MockConsumer<>("earliest");
        MockConsumer<String, byte[]> second = new MockConsumer<>("earliest");
        Map<String, String> threadByRecord = new ConcurrentHashMap<>();
        ConsumerLoop.Processor processor = records -> {
            for (ConsumerRecord<String, byte[]> r : records) {
                threadByRecord.put(r.key(), Thread.currentThread().getName());
            }
            return CompletableFuture.completedFuture(null);
        };
        TwoLoops role = new TwoLoops(List.of(new ConsumerLoop("loop-a", first, TOPIC, processor, () -> { }, 8),
                new ConsumerLoop("loop-b", second, TOPIC, processor, () -> { }, 8)));
        role.start();
        first.schedulePollTask(() -> {
            first.rebalance(List.of(P0, P1));
            first.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        });
        await().until(() -> first.assignment().size() == 2);
        assertThat(role.ready()).as("ready before the second loop owns anything").isFalse();
        second.schedulePollTask(() -> {
            second.rebalance(List.of(P2));
            second.updateBeginningOffsets(Map.of(P2, 0L));
        });
        await().until(role::ready);
        assertThat(role.partitions()).isEqualTo(3);

        first.schedulePollTask(() -> first.addRecord(new ConsumerRecord<>(TOPIC, 1, 0, "on-p1", new byte[0])));
        second.schedulePollTask(() -> second.addRecord(new ConsumerRecord<>(TOPIC, 2, 0, "on-p2", new byte[0])));
        await().until(() -> threadByRecord.size() == 2);
        assertThat(threadByRecord).containsEntry("on-p1", "loop-a").containsEntry("on-p2", "loop-b");

        role.close();
        assertThat(first.closed()).isTrue();
        assertThat(second.closed()).isTrue();
        assertThat(role.partitions()).isZero();
    }
}
