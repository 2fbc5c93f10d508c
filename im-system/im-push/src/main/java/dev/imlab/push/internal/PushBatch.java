package dev.imlab.push.internal;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Sends;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Topics;
import dev.imlab.bus.Trace;
import dev.imlab.push.fanout.FanoutPlanner;
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
import org.apache.kafka.clients.producer.Producer;

/** One poll of stored messages: one route lookup for all their users, then one record per gateway. */
public final class PushBatch {
    private final Recipients recipients;
    private final RouteTable routes;
    private final LiveGateways liveGateways;
    private final FanoutPlanner planner;
    private final Producer<String, byte[]> producer;

    public PushBatch(Recipients recipients, RouteTable routes, LiveGateways liveGateways, FanoutPlanner planner,
                     Producer<String, byte[]> producer) {
        this.recipients = recipients;
        this.routes = routes;
        this.liveGateways = liveGateways;
        this.planner = planner;
        this.producer = producer;
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
        for (int i = 0; i < batch.size(); i++) {
            StoredRecord stored = batch.get(i);
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
        return sent.sealed();
    }
}
