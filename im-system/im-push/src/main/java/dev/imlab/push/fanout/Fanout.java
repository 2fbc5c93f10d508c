package dev.imlab.push.fanout;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans one stored message's push from routes already looked up: which gateway pushes it to which
 * devices. {@link FanoutPlanner} is the push role's own; a lab's planner plugs in here (the server
 * takes a {@code Fanout} bean when there is one).
 */
public interface Fanout {

    /**
     * @param users every user of the conversation, the sender included
     * @param routes user to (device to gateway), looked up once for a whole poll of messages
     * @param liveGateways the gateways alive now: a route to any other one is stale
     * @return gateway to the devices it should push the message to; each entry becomes one Kafka record
     */
    Map<String, List<DeviceRef>> plan(StoredRecord stored, Collection<String> users,
                                      Map<String, Map<String, String>> routes, Set<String> liveGateways);
}
