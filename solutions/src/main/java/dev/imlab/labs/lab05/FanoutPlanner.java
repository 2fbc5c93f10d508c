package dev.imlab.labs.lab05;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns "this stored message goes to these users" into "this gateway pushes it to these devices",
 * with a number of {@link Presence} round trips that does not grow with the number of users.
 *
 * @implNote Two lookups, both sent before either answer is awaited, so the fan-out waits for the
 *     network about once: all members' routes in one pipelined call, and the live gateways. The
 *     live set is asked <em>with</em> the routes, not cached for minutes: a route to a gateway that
 *     died is the common stale entry, and pushing to a dead gateway's topic loses the push until
 *     the device syncs. (The real push role caches it for 500 ms and does one lookup per Kafka
 *     poll, for all the messages of the poll: im-push's {@code PushBatch}.)
 */
public final class FanoutPlanner {
    private final Presence presence;

    public FanoutPlanner(Presence presence) {
        this.presence = presence;
    }

    /**
     * Who gets a push of the stored message, by gateway.
     *
     * <ul>
     * <li>Every device of every user, on a live gateway, gets it.
     * <li>The device that sent the message does not (it got a {@code send_ack}); the sender's other
     *     devices do, so that the laptop shows what the phone sent.
     * <li>A gateway appears once, with all its devices, and only if it has any: each entry becomes
     *     one Kafka record to that gateway.
     * </ul>
     *
     * A group has at most 10,000 members (im-gateway's {@code GroupService.MAX_MEMBERS}), few enough
     * for one pipelined lookup.
     *
     * @param users every user of the conversation, the sender included: both users of a single chat,
     *     every member of a group
     * @return gateway id to the devices it should push the message to
     */
    public Map<String, List<DeviceRef>> plan(StoredRecord stored, Collection<String> users) {
        CompletableFuture<Map<String, Map<String, String>>> routes = presence.devicesOfAll(users);
        CompletableFuture<Set<String>> live = presence.liveGateways();
        return byGateway(stored, users, routes.join(), live.join());
    }

    private static Map<String, List<DeviceRef>> byGateway(StoredRecord stored, Collection<String> users,
                                                          Map<String, Map<String, String>> routes, Set<String> live) {
        String sender = stored.message().from();
        Map<String, List<DeviceRef>> byGateway = new LinkedHashMap<>();
        for (String user : users) {
            Map<String, String> devices = routes.get(user);
            if (devices == null) {
                continue; // offline: the push is not lost, the message is stored and the device syncs
            }
            for (Map.Entry<String, String> device : devices.entrySet()) {
                boolean sendingDevice = user.equals(sender) && device.getKey().equals(stored.senderDeviceId());
                if (sendingDevice || !live.contains(device.getValue())) {
                    continue;
                }
                byGateway.computeIfAbsent(device.getValue(), g -> new ArrayList<>())
                        .add(new DeviceRef(user, device.getKey()));
            }
        }
        return byGateway;
    }
}
