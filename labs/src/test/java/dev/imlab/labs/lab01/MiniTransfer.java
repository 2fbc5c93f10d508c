package dev.imlab.labs.lab01;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.UpstreamRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A transfer instance in miniature: it owns some partitions of the topic, reads them to the end,
 * and numbers each conversation's messages in the order it reads them, with counters of its own,
 * as the real transfer does in memory (see im-transfer's {@code SeqAllocator}).
 */
final class MiniTransfer {
    private static final Duration READ_AT_MOST = Duration.ofSeconds(30);

    /** A message as this transfer numbered it; {@code index} is the sender's own counter. */
    record Numbered(String conversationId, long seq, String senderId, int index, int partition) {
    }

    private MiniTransfer() {
    }

    static List<Numbered> numberAll(String bootstrapServers, String topic, Collection<Integer> owned) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<TopicPartition> partitions = new ArrayList<>();
        owned.forEach(p -> partitions.add(new TopicPartition(topic, p)));
        Map<String, Long> lastSeq = new HashMap<>();
        List<Numbered> numbered = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_AT_MOST.toNanos();
            while (!atEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not read " + partitions + " to their end offsets " + end
                            + " within " + READ_AT_MOST);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    UpstreamRecord send = BusCodec.read(r.value(), UpstreamRecord.class);
                    long seq = lastSeq.merge(send.conversationId(), 1L, Long::sum);
                    numbered.add(new Numbered(send.conversationId(), seq, send.senderId(), indexOf(send), r.partition()));
                }
            }
        }
        return numbered;
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** clientMsgIds are {@code <sender>-<index>}: see {@link PartitioningTest#send}. */
    private static int indexOf(UpstreamRecord send) {
        String id = send.clientMsgId();
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }
}
