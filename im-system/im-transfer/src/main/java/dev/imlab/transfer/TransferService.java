package dev.imlab.transfer;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.Topics;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.storage.Storage;
import dev.imlab.transfer.internal.BatchProcessor;
import dev.imlab.bus.ConsumerLoop;
import dev.imlab.bus.ConsumerRole;
import dev.imlab.transfer.seq.DurableSeqAllocator;
import dev.imlab.transfer.seq.SeqAllocator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The transfer role: consumes {@link Topics#UPSTREAM}, numbers, dedupes and stores each message,
 * then hands it to the push role and answers the sender's gateway.
 */
public final class TransferService extends ConsumerRole {
    public static final String GROUP_ID = Topics.UPSTREAM_GROUP;
    /** Batches stored and waiting for Kafka to take their pushes; the next batch is stored meanwhile. */
    static final int MAX_PENDING_BATCHES = 8;

    private final BatchProcessor processor;

    /**
     * @param seqs the seq allocator; null: the durable one ({@link DurableSeqAllocator}); or one of
     *     your own, for example the one you wrote in lab02
     * @param clock serverTime, the recall window and expiry read it
     * @param recallWindow how long after its serverTime a sender may recall a message
     */
    public TransferService(KafkaFactory kafka, Storage storage, String instanceId, SeqAllocator seqs, Clock clock,
                           Duration recallWindow) {
        this(kafka, instanceId, seqs != null ? seqs
                        : new DurableSeqAllocator(storage.conversations(), storage.messages(), storage.dedupe()),
                storage, clock, recallWindow, kafka.producer("transfer-" + instanceId));
    }

    private TransferService(KafkaFactory kafka, String instanceId, SeqAllocator seqs, Storage storage, Clock clock,
                            Duration recallWindow, KafkaProducer<String, byte[]> producer) {
        this(kafka, instanceId, seqs, new BatchProcessor(seqs, storage, producer, clock, recallWindow), producer);
    }

    private TransferService(KafkaFactory kafka, String instanceId, SeqAllocator seqs, BatchProcessor processor,
                            KafkaProducer<String, byte[]> producer) {
        super(loop(kafka, instanceId, seqs, processor), producer);
        this.processor = processor;
    }

    private static ConsumerLoop loop(KafkaFactory kafka, String instanceId, SeqAllocator seqs, BatchProcessor processor) {
        return new ConsumerLoop("transfer-" + instanceId, kafka.groupConsumer(GROUP_ID, "transfer-" + instanceId),
                Topics.UPSTREAM, records -> processor.processAsync(decode(records)), () -> {
                    seqs.reset();
                    processor.reset();
                }, MAX_PENDING_BATCHES);
    }

    /** Recalls stored since start. */
    public long recalls() {
        return processor.recalls();
    }

    /** Recalls refused (INVALID_FIELD, FORBIDDEN, TOO_LATE) since start. */
    public long recallsRefused() {
        return processor.recallsRefused();
    }

    private static List<UpstreamRecord> decode(ConsumerRecords<String, byte[]> records) {
        List<UpstreamRecord> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            batch.add(BusCodec.read(r.value(), UpstreamRecord.class));
        }
        return batch;
    }
}
