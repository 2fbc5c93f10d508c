package dev.imlab.push.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.imlab.bus.BusCodec;
import dev.imlab.bus.ConsumerLoop;
import dev.imlab.bus.ConsumerRole;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.NotificationRecord;
import dev.imlab.bus.Topics;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.storage.read.ConversationStates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Feeds the offline webhook from {@link Topics#NOTIFY}: one poll (at most a quarter second of
 * notifications) becomes requests of at most {@value #PER_REQUEST} notifications, each with the
 * user's unread count as of now. The poll's offsets are committed once every request was taken or
 * given up, so a crash sends a batch again (at least once; receivers dedupe by {@code id}).
 *
 * <p>It runs in its own consumer group, so a slow or dead webhook holds back only notifications:
 * pushes to connected devices never wait for it.
 */
public final class NotificationSender extends ConsumerRole {
    public static final String GROUP_ID = "im-notify";
    /** PROTOCOL.md v2: at most this many notifications per request. */
    public static final int PER_REQUEST = 100;
    /** PROTOCOL.md v2 holds no notification back more than 1 s; a fetch waits at most this long. */
    private static final int MAX_WAIT_MS = 250;

    private final Counts counts;

    public NotificationSender(KafkaFactory kafka, String instanceId, Webhook webhook, ConversationStates states,
                              GroupStore groups, Clock clock) {
        this(kafka, instanceId, webhook, new UnreadCounts(states, groups), clock, new Counts(webhook));
    }

    private NotificationSender(KafkaFactory kafka, String instanceId, Webhook webhook, UnreadCounts unread, Clock clock,
                               Counts counts) {
        super(new ConsumerLoop("notify-" + instanceId,
                kafka.batchingGroupConsumer(GROUP_ID, "notify-" + instanceId, 64 * 1024, MAX_WAIT_MS),
                Topics.NOTIFY, records -> send(records, webhook, unread, clock, counts), () -> { }, 1));
        this.counts = counts;
    }

    /** Notifications the webhook took (answered 2xx), since start. */
    public long sent() {
        return counts.sent.sum();
    }

    /** Requests sent again after a failed try. */
    public long retried() {
        return counts.webhook.retried();
    }

    /** Notifications given up after the last try. */
    public long dropped() {
        return counts.dropped.sum();
    }

    private static CompletableFuture<Void> send(ConsumerRecords<String, byte[]> records, Webhook webhook,
                                                UnreadCounts unread, Clock clock, Counts counts) {
        // The same notification twice in one poll (a push batch read again) goes out once.
        Map<String, NotificationRecord> byId = new LinkedHashMap<>();
        records.forEach(r -> BusCodec.readAll(r.value(), NotificationRecord[].class).forEach(n -> byId.putIfAbsent(n.id(), n)));
        List<NotificationRecord> batch = new ArrayList<>(byId.values());
        Map<String, Long> unreadById = unread.of(batch, clock.millis());
        List<Notification> payload = new ArrayList<>(batch.size());
        for (NotificationRecord n : batch) {
            Long count = unreadById.get(n.id());
            if (count != null) {
                payload.add(Notification.of(n, count));
            }
        }
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int from = 0; from < payload.size(); from += PER_REQUEST) {
            List<Notification> chunk = payload.subList(from, Math.min(payload.size(), from + PER_REQUEST));
            requests.add(webhook.post(BusCodec.write(new Request(chunk))).thenAccept(outcome ->
                    (outcome == Webhook.Outcome.TAKEN ? counts.sent : counts.dropped).add(chunk.size())));
        }
        return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new));
    }

    /** The request body: {@code {"notifications":[...]}}. */
    record Request(List<Notification> notifications) {
    }

    /**
     * One notification as the webhook receives it; {@code groupId}, {@code kind} and
     * {@code recalledSeq} (imlab's extension, for a recall) only when set.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notification(String id, String userId, String conversationId, long seq, String from, String groupId,
                        String kind, String preview, long unread, Long recalledSeq) {
        static Notification of(NotificationRecord n, long unread) {
            return new Notification(n.id(), n.userId(), n.conversationId(), n.seq(), n.from(), n.groupId(), n.kind(),
                    n.preview(), unread, n.recalledSeq());
        }
    }

    private record Counts(Webhook webhook, LongAdder sent, LongAdder dropped) {
        Counts(Webhook webhook) {
            this(webhook, new LongAdder(), new LongAdder());
        }
    }
}
