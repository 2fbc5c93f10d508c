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
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.storage.OrderedWrites;
import dev.imlab.storage.Storage;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.message.DedupeEntry;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import dev.imlab.storage.read.ReadStore;
import dev.imlab.transfer.seq.SeqAllocator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;

/**
 * One poll's worth of sends: dedupe, number, store, then hand on. The order of the steps is the
 * delivery guarantee:
 *
 * <ol>
 * <li>recover each conversation's seq state if this owner has not yet (after a start, a
 *     rebalance or a failed batch), repairing what a crash left half-written;
 * <li>look up every record's sender + clientMsgId: a repeat gets the stored seq, not a new one
 *     (a repeated recall too, even after its window: the first answer stands);
 * <li>check each new recall ({@link RecallRules}); a refused one gets an {@code error} frame and
 *     no seq;
 * <li>number the new ones ({@link SeqAllocator}) and stamp their serverTime, which never goes
 *     back within a conversation, so messages expire in seq order;
 * <li>blank the messages recalled, then store messages, dedupe entries, conversation lists,
 *     {@code maxSeq} and the senders' read seqs, in one ordered write ({@link OrderedWrites}):
 *     what a crash leaves is a prefix of that list, and each step's data is recoverable from the
 *     ones before it (a recalled message names its recall, so the recall, redelivered, finds its
 *     own work done and goes on);
 * <li>only then produce the send_acks (one record per sender gateway) and the stored messages (one
 *     record per {@code im.push} partition); the returned future completes when Kafka has them;
 * <li>the caller commits the Kafka offsets last, once that future completed.
 * </ol>
 *
 * Any failure throws, the caller resets the allocator and re-reads the batch: stored records
 * map back to their seqs through dedupe, the rest get the next ones.
 */
public final class BatchProcessor {
    /** PROTOCOL.md v2's default {@code imlab.recall.window}. */
    public static final Duration DEFAULT_RECALL_WINDOW = Duration.ofMinutes(2);

    private final SeqAllocator seqs;
    private final MessageStore messages;
    private final DedupeStore dedupe;
    private final ConversationStore conversations;
    private final ReadStore reads;
    private final OrderedWrites writes;
    private final RecallRules recallRules;
    private final Producer<String, byte[]> producer;
    private int pushPartitions; // looked up with the first batch: metadata may lag right after the topic was made
    private final Clock clock;
    private final Map<String, Long> lastServerTimes = new HashMap<>();
    private final LongAdder recalls = new LongAdder();
    private final LongAdder recallsRefused = new LongAdder();

    public BatchProcessor(SeqAllocator seqs, Storage storage, Producer<String, byte[]> producer, Clock clock) {
        this(seqs, storage, producer, clock, DEFAULT_RECALL_WINDOW);
    }

    /** @param recallWindow how long after its serverTime a sender may recall a message */
    public BatchProcessor(SeqAllocator seqs, Storage storage, Producer<String, byte[]> producer, Clock clock,
                          Duration recallWindow) {
        this.seqs = seqs;
        this.messages = storage.messages();
        this.dedupe = storage.dedupe();
        this.conversations = storage.conversations();
        this.reads = storage.reads();
        this.writes = storage.writes();
        this.recallRules = new RecallRules(storage.groups(), recallWindow);
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
        long now = clock.millis();
        RecallRules.Batch recallCheck = recallRules.batch(recallTargets(batch, known), messages, now);

        Map<String, StoredMessage> fresh = new LinkedHashMap<>();
        Map<String, ImException> refused = new HashMap<>();
        int repeats = 0;
        for (UpstreamRecord r : batch) {
            String key = r.dedupeKey();
            if (known.containsKey(key) || fresh.containsKey(key) || refused.containsKey(key)) {
                repeats++;
                continue;
            }
            if (r.isRecall()) {
                ImException refusal = recallCheck.refusal(r);
                if (refusal != null) {
                    refused.put(key, refusal);
                    continue;
                }
            }
            long seq = seqs.next(r.conversationId());
            long serverTime = serverTime(r.conversationId(), now);
            Message message = r.isRecall()
                    ? Message.recall(r.conversationId(), seq, r.senderId(), r.clientMsgId(), serverTime, r.groupId(), r.recalledSeq())
                    : new Message(r.conversationId(), seq, r.senderId(), r.body(), r.clientMsgId(), serverTime, r.groupId());
            StoredMessage stored = new StoredMessage(message, r.senderDeviceId());
            fresh.put(key, stored);
            recallCheck.stored(stored, fresh);
        }

        List<StoredMessage> stored = new ArrayList<>(fresh.values());
        List<ClientNamespacedWriteModel> inOrder = new ArrayList<>(stored.size() * 3 + 8);
        inOrder.addAll(messages.recalls(recallCheck.blankedEarlier()));
        inOrder.addAll(messages.inserts(stored));
        inOrder.addAll(dedupe.puts(stored));
        inOrder.addAll(conversations.additionsToUsers(newSingleChats(stored)));
        // The sender's read seq before maxSeq: on a real MongoDB an ordered bulkWrite is not atomic,
        // and the other way round a sync in between (or a crash) would show the sender its own new
        // message as unread (OpenIM #2807). A read seq briefly above maxSeq counts 0 unread.
        inOrder.addAll(reads.sentAdvances(sendersReadSeqs(batch, fresh, known)));
        inOrder.addAll(conversations.advances(maxSeqs(stored)));
        writes.apply(inOrder);
        long storedAt = Trace.nowMicros();
        recalls.add(stored.stream().filter(s -> s.message().isRecall()).count());
        recallsRefused.add(refused.size());

        if (pushPartitions == 0) {
            pushPartitions = Math.max(1, producer.partitionsFor(Topics.PUSH).size()); // throws: the batch is retried
        }
        Map<String, List<GatewayCommand>> toGateways = new LinkedHashMap<>();
        Map<Integer, List<StoredRecord>> pushes = new LinkedHashMap<>();
        Set<String> answered = new HashSet<>();
        for (UpstreamRecord r : batch) {
            // One answer per sender gateway and key: a batch may hold a record and its re-send.
            if (!answered.add(r.dedupeKey() + "@" + r.gatewayId())) {
                continue;
            }
            List<GatewayCommand> answers = toGateways.computeIfAbsent(r.gatewayId(), g -> new ArrayList<>());
            DeviceRef device = new DeviceRef(r.senderId(), r.senderDeviceId());
            ImException refusal = refused.get(r.dedupeKey());
            if (refusal != null) {
                answers.add(GatewayCommand.error(device, refusal.code(), refusal.getMessage(), r.clientMsgId()));
                continue;
            }
            StoredMessage s = fresh.get(r.dedupeKey());
            if (s == null) {
                s = storedRepeat(r, known.get(r.dedupeKey()), now);
            }
            Message m = s.message();
            answers.add(GatewayCommand.sendAck(m, new DeviceRef(m.from(), s.senderDeviceId())));
            if (!s.expiredAt(now)) {
                Trace trace = r.trace() == null ? null : r.trace().transferIn(transferIn).stored(storedAt);
                pushes.computeIfAbsent(Topics.partitionOf(m.conversationId(), pushPartitions), p -> new ArrayList<>())
                        .add(new StoredRecord(m, s.senderDeviceId(), trace));
            }
        }
        // One record per gateway and per push partition, each list in batch order: seq order per conversation.
        Sends sent = new Sends(producer);
        toGateways.forEach((gateway, commands) -> sent.sendAll(Topics.gateway(gateway), null, commands));
        pushes.forEach((partition, records) -> sent.sendAll(Topics.PUSH, partition, records));
        int storedCount = stored.size();
        int repeatCount = repeats;
        // Fails if Kafka refused a record: the caller reads the batch again and commits nothing.
        return sent.sealed().thenApply(v -> new BatchResult(storedCount, repeatCount));
    }

    /** Forgets the serverTimes it remembered; with the allocator's reset, after a failure or rebalance. */
    public void reset() {
        lastServerTimes.clear();
    }

    /** Recalls stored and refused since start. */
    public long recalls() {
        return recalls.sum();
    }

    public long recallsRefused() {
        return recallsRefused.sum();
    }

    /**
     * Now, unless the conversation's previous message got a later time (the clock stepped back):
     * serverTimes, and so expiry, then follow seq order. Another transfer that takes the
     * conversation over starts from its own clock; clocks of one cluster agree far better than
     * the granularity expiry is configured in.
     */
    private long serverTime(String conversationId, long now) {
        long time = Math.max(now, lastServerTimes.getOrDefault(conversationId, Long.MIN_VALUE));
        lastServerTimes.put(conversationId, time);
        return time;
    }

    /** The messages new recalls of the batch point at (repeats are answered without looking). */
    private static List<String> recallTargets(List<UpstreamRecord> batch, Map<String, DedupeEntry> known) {
        List<String> ids = new ArrayList<>();
        for (UpstreamRecord r : batch) {
            if (r.isRecall() && !known.containsKey(r.dedupeKey())) {
                ids.add(MessageStore.id(r.conversationId(), r.recalledSeq()));
            }
        }
        return ids;
    }

    /**
     * A repeat is answered with the stored message, not with what the repeat carried: the first
     * send stands (PROTOCOL.md rule 5). It is pushed again too, because the repeat may be a Kafka
     * redelivery after a crash that came before the first push; gateways and clients drop
     * pushes they already have. A message that has expired since is answered from its dedupe
     * entry alone and not pushed again.
     */
    private StoredMessage storedRepeat(UpstreamRecord r, DedupeEntry entry, long now) {
        List<StoredMessage> found = messages.range(entry.conversationId(), entry.seq(), entry.seq());
        if (found.isEmpty() || found.get(0).expiredAt(now)) {
            ConversationId id = ConversationId.parse(entry.conversationId());
            Message acked = new Message(entry.conversationId(), entry.seq(), r.senderId(), "", r.clientMsgId(),
                    entry.serverTime(), id.isGroup() ? id.groupId() : null);
            return new StoredMessage(acked, r.senderDeviceId(), now, null);
        }
        return found.get(0);
    }

    /** Sending moves the sender's read seq to its message (PROTOCOL.md v2): for new messages and repeats alike. */
    private static Map<String, Long> sendersReadSeqs(List<UpstreamRecord> batch, Map<String, StoredMessage> fresh,
                                                     Map<String, DedupeEntry> known) {
        Map<String, Long> readSeqs = new HashMap<>();
        for (UpstreamRecord r : batch) {
            StoredMessage s = fresh.get(r.dedupeKey());
            DedupeEntry entry = known.get(r.dedupeKey());
            if (s != null) {
                readSeqs.merge(ReadStore.id(r.senderId(), s.message().conversationId()), s.message().seq(), Math::max);
            } else if (entry != null) {
                readSeqs.merge(ReadStore.id(r.senderId(), entry.conversationId()), entry.seq(), Math::max);
            }
        }
        return readSeqs;
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
