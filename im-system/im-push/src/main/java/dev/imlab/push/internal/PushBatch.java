package dev.imlab.push.internal;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.NotificationRecord;
import dev.imlab.bus.Sends;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Topics;
import dev.imlab.bus.Trace;
import dev.imlab.push.fanout.Fanout;
import dev.imlab.protocol.Message;
import dev.imlab.push.fanout.Recipients;
import dev.imlab.routing.RouteTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;

/**
 * One poll of stored messages: one route lookup for all their users, then one record per gateway.
 * With offline notifications on, the same lookup tells which member users have no device on a live
 * gateway; their notifications go to {@link Topics#NOTIFY} in the same {@link Sends}, so the batch
 * is committed only once Kafka holds them too (at least once), and nothing waits for the webhook.
 */
public final class PushBatch {
    /** PROTOCOL.md v2: a notification's {@code preview} is at most this many characters of the body. */
    static final int PREVIEW_CHARS = 100;

    private final Recipients recipients;
    private final RouteTable routes;
    private final LiveGateways liveGateways;
    private final Fanout planner;
    private final Producer<String, byte[]> producer;
    private final boolean notifyOffline;
    private final LongAdder notificationsQueued = new LongAdder();

    public PushBatch(Recipients recipients, RouteTable routes, LiveGateways liveGateways, Fanout planner,
                     Producer<String, byte[]> producer) {
        this(recipients, routes, liveGateways, planner, producer, false);
    }

    public PushBatch(Recipients recipients, RouteTable routes, LiveGateways liveGateways, Fanout planner,
                     Producer<String, byte[]> producer, boolean notifyOffline) {
        this.recipients = recipients;
        this.routes = routes;
        this.liveGateways = liveGateways;
        this.planner = planner;
        this.producer = producer;
        this.notifyOffline = notifyOffline;
    }

    /** Notifications handed to Kafka since start (counted when produced, before Kafka acknowledged them). */
    public long notificationsQueued() {
        return notificationsQueued.sum();
    }

    /**
     * Looks the routes up and produces the gateways' records; the future completes once Kafka has
     * them all. Throws, or fails the future, to have the batch read again.
     */
    public CompletableFuture<Void> push(List<StoredRecord> batch) throws Exception {
        long pushIn = Trace.nowMicros();
        List<Collection<String>> usersPerMessage = new ArrayList<>(batch.size());
        Set<String> allUsers = new LinkedHashSet<>();
        for (StoredRecord stored : batch) {
            Collection<String> users = recipients.usersOf(stored.message().conversationId());
            usersPerMessage.add(users);
            allUsers.addAll(users);
        }
        CompletableFuture<Map<String, Map<String, String>>> lookup = routes.lookup(allUsers);
        // Issued behind the lookup on the same connection, so Redis runs the epoch check after it
        // (see LiveGateways), yet both travel in one round trip.
        Set<String> live = liveGateways.get();
        Map<String, Map<String, String>> found = lookup.get();
        Map<String, List<GatewayCommand>> byGateway = new LinkedHashMap<>();
        List<NotificationRecord> notifications = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            StoredRecord stored = batch.get(i);
            if (notifyOffline) {
                offline(stored.message(), usersPerMessage.get(i), found, live, notifications);
            }
            Map<String, List<DeviceRef>> plan = planner.plan(stored, usersPerMessage.get(i), found, live);
            for (Map.Entry<String, List<DeviceRef>> entry : plan.entrySet()) {
                Trace trace = stored.trace() == null ? null : stored.trace().pushIn(pushIn);
                byGateway.computeIfAbsent(entry.getKey(), g -> new ArrayList<>())
                        .add(GatewayCommand.push(stored.message(), entry.getValue(), trace));
            }
        }
        // In batch order, so each gateway gets a conversation's messages in seq order.
        Sends sent = new Sends(producer);
        byGateway.forEach((gateway, commands) -> sent.sendAll(Topics.gateway(gateway), null, commands));
        if (!notifications.isEmpty()) {
            // Any partition: receivers dedupe by id and nothing depends on the order of notifications.
            sent.sendAll(Topics.NOTIFY, null, notifications);
            notificationsQueued.add(notifications.size());
        }
        return sent.sealed();
    }

    /** Adds a notification for each user of the message, other than its sender, with no device on a live gateway. */
    static void offline(Message message, Collection<String> users, Map<String, Map<String, String>> routes,
                        Set<String> live, List<NotificationRecord> into) {
        for (String user : users) {
            if (user.equals(message.from()) || connected(routes.get(user), live)) {
                continue;
            }
            into.add(new NotificationRecord(user, message.conversationId(), message.seq(), message.from(),
                    message.groupId(), message.kind(), preview(message.body()),
                    message.isRecall() ? message.recalledSeq() : null));
        }
    }

    private static boolean connected(Map<String, String> devices, Set<String> live) {
        return devices != null && devices.values().stream().anyMatch(live::contains);
    }

    /** The first {@value #PREVIEW_CHARS} characters (code points: an emoji is never cut in half). */
    static String preview(String body) {
        if (body.codePointCount(0, body.length()) <= PREVIEW_CHARS) {
            return body;
        }
        return body.substring(0, body.offsetByCodePoints(0, PREVIEW_CHARS));
    }
}
