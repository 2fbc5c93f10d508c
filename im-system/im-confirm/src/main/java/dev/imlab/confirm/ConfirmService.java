package dev.imlab.confirm;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.ConsumerLoop;
import dev.imlab.bus.ConsumerRole;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.Topics;
import dev.imlab.storage.cursor.CursorStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The confirm role: consumes device acks ({@link Topics#ACK}) and advances delivery cursors.
 *
 * <p>Acks are cumulative, so a batch collapses to one write per cursor, its highest seq; the
 * write is a {@code $max}, so a redelivered or late ack cannot move a cursor back.
 */
public final class ConfirmService extends ConsumerRole {
    public static final String GROUP_ID = "im-confirm";

    public ConfirmService(KafkaFactory kafka, CursorStore cursors, String instanceId) {
        // Cursors are read only by sync, so they may lag a quarter second: waiting for fuller batches
        // turns many small cursor writes into few large ones, and leaves MongoDB to the transfer,
        // whose writes are on every message's path.
        super(new ConsumerLoop("confirm-" + instanceId,
                kafka.batchingGroupConsumer(GROUP_ID, "confirm-" + instanceId, 64 * 1024, 250),
                Topics.ACK, records -> {
                    cursors.advance(highestPerCursor(records));
                    return CompletableFuture.completedFuture(null);
                }, () -> { }, 1));
    }

    static Map<String, Long> highestPerCursor(ConsumerRecords<String, byte[]> records) {
        Map<String, Long> highest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            for (AckRecord ack : BusCodec.readAll(r.value(), AckRecord[].class)) {
                highest.merge(CursorStore.id(ack.userId(), ack.deviceId(), ack.conversationId()), ack.seq(), Math::max);
            }
        }
        return highest;
    }
}
