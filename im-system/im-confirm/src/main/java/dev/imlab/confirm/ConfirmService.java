package dev.imlab.confirm;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.ConsumerLoop;
import dev.imlab.bus.ConsumerRole;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.Topics;
import dev.imlab.routing.RouteTable;
import dev.imlab.storage.cursor.CursorStore;
import dev.imlab.storage.read.ReadStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The confirm role: consumes device acks and user reads ({@link Topics#ACK}), advances delivery
 * cursors and read seqs, and sends read receipts.
 *
 * <p>Both are cumulative, so a batch collapses to one write per cursor and per read seq, its
 * highest seq; the writes are {@code $max}, so a redelivered or late one cannot move anything back.
 * All of a user's records come on one partition, so each read seq has one writer. A read that does
 * not move the user's read seq (backwards, or below a message the user sent since) is not written
 * and makes no receipt.
 */
public final class ConfirmService extends ConsumerRole {
    public static final String GROUP_ID = Topics.ACK_GROUP;

    private final ReadReceipts receipts;

    public ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadStore reads, RouteTable routes, String instanceId) {
        this(kafka, cursors, reads, routes, instanceId, kafka.producer("confirm-" + instanceId));
    }

    private ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadStore reads, RouteTable routes, String instanceId,
                           KafkaProducer<String, byte[]> producer) {
        this(kafka, cursors, reads, instanceId, new ReadReceipts(routes, producer), producer);
    }

    private ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadStore reads, String instanceId,
                           ReadReceipts receipts, KafkaProducer<String, byte[]> producer) {
        // Cursors are read only by sync, so they may lag a quarter second: waiting for fuller batches
        // turns many small cursor writes into few large ones, and leaves MongoDB to the transfer,
        // whose writes are on every message's path. Reads wait as long: their receipts are best effort.
        super(new ConsumerLoop("confirm-" + instanceId,
                kafka.batchingGroupConsumer(GROUP_ID, "confirm-" + instanceId, 64 * 1024, 250),
                Topics.ACK, records -> {
                    Merged merged = merge(records);
                    cursors.advance(merged.cursors());
                    Map<String, AckRecord> advanced = advancing(merged.reads(), reads);
                    Map<String, Long> seqs = new HashMap<>();
                    advanced.forEach((id, read) -> seqs.put(id, read.seq()));
                    reads.advance(seqs);
                    receipts.send(advanced.values());
                    return CompletableFuture.completedFuture(null);
                }, () -> { }, 1), producer);
        this.receipts = receipts;
    }

    /** Read receipts handed to Kafka since start, counted per device they are for. */
    public long receiptsSent() {
        return receipts.sent();
    }

    /** A batch merged: cursor id to highest seq, and read seq id ({@link ReadStore#id}) to highest read. */
    record Merged(Map<String, Long> cursors, Map<String, AckRecord> reads) {
    }

    static Merged merge(ConsumerRecords<String, byte[]> records) {
        Map<String, Long> cursors = new HashMap<>();
        Map<String, AckRecord> reads = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            for (AckRecord ack : BusCodec.readAll(r.value(), AckRecord[].class)) {
                if (ack.read()) {
                    reads.merge(ReadStore.id(ack.userId(), ack.conversationId()), ack, (a, b) -> a.seq() >= b.seq() ? a : b);
                } else {
                    cursors.merge(CursorStore.id(ack.userId(), ack.deviceId(), ack.conversationId()), ack.seq(), Math::max);
                }
            }
        }
        return new Merged(cursors, reads);
    }

    /** The reads that raise their user's read seq: one read of the stored ones for the whole batch. */
    private static Map<String, AckRecord> advancing(Map<String, AckRecord> reads, ReadStore store) {
        if (reads.isEmpty()) {
            return reads;
        }
        Map<String, Long> stored = store.readSeqs(reads.keySet());
        Map<String, AckRecord> advancing = new HashMap<>();
        reads.forEach((id, read) -> {
            if (read.seq() > stored.getOrDefault(id, 0L)) {
                advancing.put(id, read);
            }
        });
        return advancing;
    }
}
