package dev.imlab.transfer.internal;

import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Sends;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Topics;
import dev.imlab.bus.Trace;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.storage.OrderedWrites;
import dev.imlab.storage.Storage;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.message.DedupeEntry;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import dev.imlab.transfer.seq.SeqAllocator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * One poll's worth of sends: dedupe, number, store, then hand on. The order of the steps is the
 * delivery guarantee:
 *
 * <ol>
 * <li>recover each conversation's seq state if this owner has not yet (after a start, a
 *     rebalance or a failed batch), repairing what a crash left half-written;
 * <li>look up every record's sender + clientMsgId: a repeat gets the stored seq, not a new one;
 * <li>number the new ones ({@link SeqAllocator});
 * <li>store messages, then dedupe entries, then conversation lists, then {@code maxSeq}, in one
 *     ordered write ({@link OrderedWrites}): what a crash leaves is a prefix of that list, and each
 *     step's data is recoverable from the ones before it;
 * <li>only then produce the send_acks (one record per sender gateway) and the stored messages (one
 *     record per {@code im.push} partition); the returned future completes when Kafka has them;
 * <li>the caller commits the Kafka offsets last, once that future completed.
 * </ol>
 *
 * Any failure throws, the caller resets the allocator and re-reads the batch: stored records
 * map back to their seqs through dedupe, the rest get the next ones.
 */
public final class BatchProcessor {
    private final SeqAllocator seqs;
    private final MessageStore messages;
    private final DedupeStore dedupe;
    private final ConversationStore conversations;
    private final OrderedWrites writes;
    private final Producer<String, byte[]> producer;
    private int pushPartitions; // looked up with the first batch: metadata may lag right after the topic was made
    private final Clock clock;

    public BatchProcessor(SeqAllocator seqs, Storage storage, Producer<String, byte[]> producer, Clock clock) {
        this.seqs = seqs;
        this.messages = storage.messages();
        this.dedupe = storage.dedupe();
        this.conversations = storage.conversations();
        this.writes = storage.writes();
        this.producer = producer;
        this.clock = clock;
    }

    /** Stores and hands on the batch; returns when everything is durable in MongoDB and Kafka. */
    public BatchResult process(List<UpstreamRecord> batch) throws Exception {
        return processAsync(batch).get();
    }

    /**
     * Stores the batch durably before it returns, then hands it on: the future completes once Kafka
     * has every push and send_ack, or fails if Kafka refused one.
     */
    public CompletableFuture<BatchResult> processAsync(List<UpstreamRecord> batch) {
        long transferIn = Trace.nowMicros();
        Set<String> keys = new HashSet<>();
        for (UpstreamRecord r : batch) {
            keys.add(r.dedupeKey());
            // Before the dedupe lookup: recovery repairs the dedupe entries of messages stored
            // just before a crash, so the lookup below finds them.
            seqs.recover(r.conversationId());
        }
        Map<String, DedupeEntry> known = dedupe.findAll(keys);

        Map<String, StoredMessage> fresh = new LinkedHashMap<>();
        int repeats = 0;
        long now = clock.millis();
        for (UpstreamRecord r : batch) {
            String key = r.dedupeKey();
            if (known.containsKey(key) || fresh.containsKey(key)) {
                repeats++;
                continue;
            }
            long seq = seqs.next(r.conversationId());
            Message message = new Message(r.conversationId(), seq, r.senderId(), r.body(), r.clientMsgId(), now, r.groupId());
            fresh.put(key, new StoredMessage(message, r.senderDeviceId()));
        }

        List<StoredMessage> stored = new ArrayList<>(fresh.values());
        List<ClientNamespacedWriteModel> inOrder = new ArrayList<>(stored.size() * 2 + 8);
        inOrder.addAll(messages.inserts(stored));
        inOrder.addAll(dedupe.puts(stored));
        inOrder.addAll(conversations.additionsToUsers(newSingleChats(stored)));
        inOrder.addAll(conversations.advances(maxSeqs(stored)));
        writes.apply(inOrder);
        long storedAt = Trace.nowMicros();

        if (pushPartitions == 0) {
            pushPartitions = Math.max(1, producer.partitionsFor(Topics.PUSH).size()); // throws: the batch is retried
        }
        Map<String, List<GatewayCommand>> sendAcks = new LinkedHashMap<>();
        Map<Integer, List<StoredRecord>> pushes = new LinkedHashMap<>();
        Set<String> answered = new HashSet<>();
        for (UpstreamRecord r : batch) {
            // One send_ack per sender gateway and key: a batch may hold a record and its re-send.
            if (answered.add(r.dedupeKey() + "@" + r.gatewayId())) {
                StoredMessage s = fresh.containsKey(r.dedupeKey()) ? fresh.get(r.dedupeKey()) : storedRepeat(r, known);
                Message m = s.message();
                Trace trace = r.trace() == null ? null : r.trace().transferIn(transferIn).stored(storedAt);
                sendAcks.computeIfAbsent(r.gatewayId(), g -> new ArrayList<>())
                        .add(GatewayCommand.sendAck(m, new DeviceRef(m.from(), s.senderDeviceId())));
                pushes.computeIfAbsent(Topics.partitionOf(m.conversationId(), pushPartitions), p -> new ArrayList<>())
                        .add(new StoredRecord(m, s.senderDeviceId(), trace));
            }
        }
        // One record per gateway and per push partition, each list in batch order: seq order per conversation.
        Sends sent = new Sends(producer);
        sendAcks.forEach((gateway, acks) -> sent.sendAll(Topics.gateway(gateway), null, acks));
        pushes.forEach((partition, records) -> sent.sendAll(Topics.PUSH, partition, records));
        int storedCount = stored.size();
        int repeatCount = repeats;
        // Fails if Kafka refused a record: the caller reads the batch again and commits nothing.
        return sent.sealed().thenApply(v -> new BatchResult(storedCount, repeatCount));
    }

    /**
     * A repeat is answered with the stored message, not with what the repeat carried: the first
     * send stands (PROTOCOL.md rule 5). It is pushed again too, because the repeat may be a Kafka
     * redelivery after a crash that came before the first push; gateways and clients drop
     * pushes they already have.
     */
    private StoredMessage storedRepeat(UpstreamRecord r, Map<String, DedupeEntry> known) {
        DedupeEntry entry = known.get(r.dedupeKey());
        List<StoredMessage> found = messages.range(entry.conversationId(), entry.seq(), entry.seq());
        if (found.isEmpty()) {
            throw new IllegalStateException("dedupe entry " + r.dedupeKey() + " points at missing message "
                    + entry.conversationId() + "#" + entry.seq());
        }
        return found.get(0);
    }

    private static Map<String, Set<String>> newSingleChats(List<StoredMessage> stored) {
        Map<String, Set<String>> byUser = new HashMap<>();
        for (StoredMessage s : stored) {
            ConversationId id = ConversationId.parse(s.message().conversationId());
            if (s.message().seq() == 1 && !id.isGroup()) {
                for (String user : id.users()) {
                    byUser.computeIfAbsent(user, u -> new HashSet<>()).add(id.value());
                }
            }
        }
        return byUser;
    }

    private static Map<String, Long> maxSeqs(List<StoredMessage> stored) {
        Map<String, Long> max = new HashMap<>();
        for (StoredMessage s : stored) {
            max.merge(s.message().conversationId(), s.message().seq(), Math::max);
        }
        return max;
    }
}
