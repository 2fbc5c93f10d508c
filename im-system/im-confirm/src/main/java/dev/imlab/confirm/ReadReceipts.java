package dev.imlab.confirm;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Sends;
import dev.imlab.bus.Topics;
import dev.imlab.protocol.ConversationId;
import dev.imlab.routing.RouteTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code read_receipt}s (PROTOCOL.md v2): to the reader's other connected devices, and in a single
 * chat to the other user's. Not to the other members of a group: in a group of N, every read would
 * be N − 1 frames, and reads are the most frequent thing users do after receiving.
 *
 * <p>Best effort: after the read seq is stored, one route lookup for the batch, one record per
 * gateway; nothing waits for Kafka, a failure is logged and forgotten, because {@code sync} is the
 * truth and a device that missed a receipt sees the read seq there.
 */
final class ReadReceipts {
    private static final Logger log = LoggerFactory.getLogger(ReadReceipts.class);

    private final RouteTable routes;
    private final Producer<String, byte[]> producer;
    private final LongAdder sent = new LongAdder();

    ReadReceipts(RouteTable routes, Producer<String, byte[]> producer) {
        this.routes = routes;
        this.producer = producer;
    }

    void send(Collection<AckRecord> reads) {
        if (reads.isEmpty()) {
            return;
        }
        Set<String> users = new HashSet<>();
        for (AckRecord read : reads) {
            users.add(read.userId());
            String peer = peerOf(read);
            if (peer != null) {
                users.add(peer);
            }
        }
        routes.lookup(users).thenAccept(found -> {
            Map<String, List<GatewayCommand>> byGateway = new LinkedHashMap<>();
            for (AckRecord read : reads) {
                Map<String, List<DeviceRef>> recipients = new LinkedHashMap<>();
                found.getOrDefault(read.userId(), Map.of()).forEach((device, gateway) -> {
                    if (!device.equals(read.deviceId())) {
                        recipients.computeIfAbsent(gateway, g -> new ArrayList<>()).add(new DeviceRef(read.userId(), device));
                    }
                });
                String peer = peerOf(read);
                if (peer != null) {
                    found.getOrDefault(peer, Map.of()).forEach((device, gateway) ->
                            recipients.computeIfAbsent(gateway, g -> new ArrayList<>()).add(new DeviceRef(peer, device)));
                }
                GatewayCommand.Receipt receipt = new GatewayCommand.Receipt(read.conversationId(), read.userId(), read.seq());
                recipients.forEach((gateway, devices) -> {
                    byGateway.computeIfAbsent(gateway, g -> new ArrayList<>()).add(GatewayCommand.readReceipt(receipt, devices));
                    sent.add(devices.size());
                });
            }
            Sends sends = new Sends(producer);
            byGateway.forEach((gateway, commands) -> sends.sendAll(Topics.gateway(gateway), null, commands));
            sends.sealed().exceptionally(e -> {
                log.debug("read receipts not taken by Kafka (best effort): {}", e.toString());
                return null;
            });
        }).exceptionally(e -> {
            log.debug("no read receipts for {} reads, routes unavailable: {}", reads.size(), e.toString());
            return null;
        });
    }

    /** The other user of a single chat, who gets the reader's receipts; null in a group. */
    private static String peerOf(AckRecord read) {
        ConversationId id = ConversationId.parse(read.conversationId());
        return id.isGroup() ? null : id.peerOf(read.userId());
    }

    long sent() {
        return sent.sum();
    }
}
