package dev.imlab.labs.lab05;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wrong way, to compare with yours: right answers, one presence lookup per member. A message to
 * a group of 2,000 waits for 2,001 round trips in a row, and every push behind it waits too.
 * {@code FanoutPlannerTest} prints its round trips next to your planner's.
 */
public final class NaiveFanoutPlanner {
    private final Presence presence;

    public NaiveFanoutPlanner(Presence presence) {
        this.presence = presence;
    }

    public Map<String, List<DeviceRef>> plan(StoredRecord stored, Collection<String> users) {
        Set<String> live = presence.liveGateways().join();
        Map<String, List<DeviceRef>> byGateway = new TreeMap<>();
        for (String user : users) {
            Map<String, String> devices = presence.devicesOf(user).join(); // one round trip per member
            devices.forEach((device, gateway) -> {
                boolean sendingDevice = user.equals(stored.message().from()) && device.equals(stored.senderDeviceId());
                if (!sendingDevice && live.contains(gateway)) {
                    byGateway.computeIfAbsent(gateway, g -> new ArrayList<>()).add(new DeviceRef(user, device));
                }
            });
        }
        return byGateway;
    }
}
