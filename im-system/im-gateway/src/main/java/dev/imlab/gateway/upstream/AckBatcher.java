package dev.imlab.gateway.upstream;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device acks and user reads on their way to the confirm role, merged: per cursor (user, device,
 * conversation) and per read seq (user, conversation) only the highest seq since the last flush travels, and a flush sends one record per
 * {@code im.ack} partition, not one per ack. A group of 1,000 devices acking 10 messages a
 * second would otherwise be 10,000 Kafka records a second for cursors that only {@code sync} reads.
 *
 * <p>Acks are cumulative and the confirm role writes cursors with {@code $max}, so merging and
 * reordering them changes nothing a device can see. A flush Kafka refuses is merged back and sent
 * with the next one; acks pending when a gateway dies are lost, and the device only sees pushes it
 * already has again after it reconnects (it drops them by seq).
 */
public final class AckBatcher {
    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);

    private final Producer<String, byte[]> producer;
    private int partitions; // read from Kafka on the first flush, on the flushing thread
    private final Map<String, AckRecord> pending = new ConcurrentHashMap<>();

    public AckBatcher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** An ack or a read; reads are cumulative like acks, so they merge the same way. */
    public void add(AckRecord ack) {
        pending.merge(cursorOf(ack), ack, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    /** Sends what was merged since the last flush; called every few tens of milliseconds from one thread. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        if (partitions == 0) {
            partitions = Math.max(1, producer.partitionsFor(Topics.ACK).size());
        }
        // One cursor at a time, taken out before it is sent: an add that races merges into what is
        // taken (and travels now) or makes a new entry (and travels next time). Swapping the whole map
        // for a new one instead loses an add that read the old map before the swap and merged into
        // it after this loop had passed it: a user's last read of a conversation never arrived.
        Map<Integer, List<AckRecord>> byPartition = new TreeMap<>();
        for (String cursor : pending.keySet()) {
            AckRecord ack = pending.remove(cursor);
            if (ack != null) {
                byPartition.computeIfAbsent(Topics.partitionOf(ack.key(), partitions), p -> new ArrayList<>()).add(ack);
            }
        }
        byPartition.forEach((partition, acks) -> {
            for (BusCodec.Chunk<AckRecord> chunk : BusCodec.writeAll(acks)) {
                producer.send(new ProducerRecord<>(Topics.ACK, partition, null, chunk.value()), (metadata, error) -> {
                    if (error != null) {
                        log.debug("{} acks not taken by Kafka, sent again with the next flush: {}", chunk.items().size(),
                                error.toString());
                        chunk.items().forEach(this::add);
                    }
                });
            }
        });
    }

    /** What merges: a device's acks of one conversation, or a user's reads of one (from any of its devices). */
    private static String cursorOf(AckRecord ack) {
        return ack.read() ? "read/" + ack.userId() + "/" + ack.conversationId()
                : "ack/" + ack.userId() + "/" + ack.deviceId() + "/" + ack.conversationId();
    }
}
