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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * and makes no receipt ({@link ReadSeqWriter}, {@link MergingReadSeqWriter}).
 */
public final class ConfirmService extends ConsumerRole {
    public static final String GROUP_ID = "im-confirm";

    private final ReadReceipts receipts;

    public ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadStore reads, RouteTable routes, String instanceId) {
        this(kafka, cursors, reads, routes, instanceId, null);
    }

    /**
     * @param readSeqWriter stores the reads of each poll; null: the role's own ({@link MergingReadSeqWriter}
     *     on {@code reads}), or one of your own, for example the coalescer you wrote in lab10
     */
    public ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadStore reads, RouteTable routes, String instanceId,
                          ReadSeqWriter readSeqWriter) {
        this(kafka, cursors, readSeqWriter != null ? readSeqWriter : new MergingReadSeqWriter(reads), routes, instanceId,
                kafka.producer("confirm-" + instanceId));
    }

    private ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadSeqWriter reads, RouteTable routes,
                           String instanceId, KafkaProducer<String, byte[]> producer) {
        this(kafka, cursors, reads, instanceId, new ReadReceipts(routes, producer), producer);
    }

    private ConfirmService(KafkaFactory kafka, CursorStore cursors, ReadSeqWriter reads, String instanceId,
                           ReadReceipts receipts, KafkaProducer<String, byte[]> producer) {
        // Cursors are read only by sync, so they may lag a quarter second: waiting for fuller batches
        // turns many small cursor writes into few large ones, and leaves MongoDB to the transfer,
        // whose writes are on every message's path. Reads wait as long: their receipts are best effort.
        super(new ConsumerLoop("confirm-" + instanceId,
                kafka.batchingGroupConsumer(GROUP_ID, "confirm-" + instanceId, 64 * 1024, 250),
                Topics.ACK, records -> {
                    Merged merged = merge(records);
                    cursors.advance(merged.cursors());
                    receipts.send(reads.write(merged.reads()));
                    return CompletableFuture.completedFuture(null);
                }, () -> { }, 1), producer);
        this.receipts = receipts;
    }

    /** Read receipts handed to Kafka since start, counted per device they are for. */
    public long receiptsSent() {
        return receipts.sent();
    }

    /** A batch split: cursor id to highest seq, and the reads in the order they came (for the {@link ReadSeqWriter}). */
    record Merged(Map<String, Long> cursors, List<AckRecord> reads) {
    }

    static Merged merge(ConsumerRecords<String, byte[]> records) {
        Map<String, Long> cursors = new HashMap<>();
        List<AckRecord> reads = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            for (AckRecord ack : BusCodec.readAll(r.value(), AckRecord[].class)) {
                if (ack.read()) {
                    reads.add(ack);
                } else {
                    cursors.merge(CursorStore.id(ack.userId(), ack.deviceId(), ack.conversationId()), ack.seq(), Math::max);
                }
            }
        }
        return new Merged(cursors, reads);
    }
}
