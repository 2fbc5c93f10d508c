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

    private final List<BatchProcessor> processors;

    /**
     * One consumer with the given allocator, for example the one you wrote in lab02 (null: the durable one).
     *
     * @param clock serverTime, the recall window and expiry read it
     * @param recallWindow how long after its serverTime a sender may recall a message
     */
    public TransferService(KafkaFactory kafka, Storage storage, String instanceId, SeqAllocator seqs, Clock clock,
                           Duration recallWindow) {
        this(kafka, storage, instanceId, seqs, clock, recallWindow, 1);
    }

    /**
     * @param seqs the seq allocator; null: the durable one ({@link DurableSeqAllocator}), one per
     *     consumer; one of your own allows only one consumer (an allocator is used by one thread)
     * @param consumers members of the transfer group this process runs, each on partitions of its
     *     own with its own thread, allocator and batches: while one consumer's batch is being stored,
     *     another computes the next. Conversations never share a partition, so they never share a consumer.
     */
    public TransferService(KafkaFactory kafka, Storage storage, String instanceId, SeqAllocator seqs, Clock clock,
                           Duration recallWindow, int consumers) {
        this(kafka, instanceId, storage, seqs, clock, recallWindow, consumers,
                kafka.producer("transfer-" + instanceId));
    }

    private TransferService(KafkaFactory kafka, String instanceId, Storage storage, SeqAllocator seqs, Clock clock,
                            Duration recallWindow, int consumers, KafkaProducer<String, byte[]> producer) {
        this(kafka, instanceId, members(storage, seqs, clock, recallWindow, consumers, producer), producer);
    }

    private TransferService(KafkaFactory kafka, String instanceId, List<Member> members,
                            KafkaProducer<String, byte[]> producer) {
        super(loops(kafka, instanceId, members), producer);
        this.processors = members.stream().map(Member::processor).toList();
    }

    /** One consumer's own allocator and processor. */
    private record Member(SeqAllocator seqs, BatchProcessor processor) {
    }

    private static List<Member> members(Storage storage, SeqAllocator seqs, Clock clock, Duration recallWindow,
                                        int consumers, KafkaProducer<String, byte[]> producer) {
        if (consumers < 1 || (seqs != null && consumers != 1)) {
            throw new IllegalArgumentException("transfer consumers: " + consumers
                    + (seqs != null ? "; a seq allocator of your own runs with exactly 1" : "; at least 1"));
        }
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            SeqAllocator allocator = seqs != null ? seqs
                    : new DurableSeqAllocator(storage.conversations(), storage.messages(), storage.dedupe());
            members.add(new Member(allocator, new BatchProcessor(allocator, storage, producer, clock, recallWindow)));
        }
        return members;
    }

    private static List<ConsumerLoop> loops(KafkaFactory kafka, String instanceId, List<Member> members) {
        List<ConsumerLoop> loops = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            // The first keeps the name a one-consumer process always had (its static group membership too).
            String name = "transfer-" + instanceId + (i == 0 ? "" : "-" + i);
            Member m = members.get(i);
            loops.add(new ConsumerLoop(name, kafka.groupConsumer(GROUP_ID, name), Topics.UPSTREAM,
                    records -> m.processor().processAsync(decode(records)), () -> {
                        m.seqs().reset();
                        m.processor().reset();
                    }, MAX_PENDING_BATCHES));
        }
        return loops;
    }

    /** Recalls stored since start. */
    public long recalls() {
        return processors.stream().mapToLong(BatchProcessor::recalls).sum();
    }

    /** Recalls refused (INVALID_FIELD, FORBIDDEN, TOO_LATE) since start. */
    public long recallsRefused() {
        return processors.stream().mapToLong(BatchProcessor::recallsRefused).sum();
    }

    private static List<UpstreamRecord> decode(ConsumerRecords<String, byte[]> records) {
        List<UpstreamRecord> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            batch.add(BusCodec.read(r.value(), UpstreamRecord.class));
        }
        return batch;
    }
}
