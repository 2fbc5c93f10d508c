package dev.imlab.push.fanout;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns "this message goes to these users" into "this gateway delivers it to these devices".
 *
 * <p>The planner is pure: it takes the routes already looked up (one pipelined round trip for
 * all users of a batch) and the set of live gateways, and returns one plan entry per gateway, so
 * a group message to 2,000 members on two gateways becomes two Kafka records, not 2,000.
 */
public final class FanoutPlanner implements Fanout {

    /**
     * @param routes user to (device to gateway)
     * @param liveGateways routes to any other gateway are stale: that gateway died and its devices
     *        will reconnect and sync
     * @return gateway to the devices it should push the message to, in a stable order
     */
    @Override
    public Map<String, List<DeviceRef>> plan(StoredRecord stored, Collection<String> users,
                                             Map<String, Map<String, String>> routes, Set<String> liveGateways) {
        Map<String, List<DeviceRef>> byGateway = new LinkedHashMap<>();
        String sender = stored.message().from();
        for (String user : users) {
            Map<String, String> devices = routes.get(user);
            if (devices == null) {
                continue;
            }
            for (Map.Entry<String, String> device : devices.entrySet()) {
                boolean sendingDevice = user.equals(sender) && device.getKey().equals(stored.senderDeviceId());
                if (sendingDevice || !liveGateways.contains(device.getValue())) {
                    continue; // the sending device gets a send_ack instead
                }
                byGateway.computeIfAbsent(device.getValue(), g -> new ArrayList<>()).add(new DeviceRef(user, device.getKey()));
            }
        }
        return byGateway;
    }
}
