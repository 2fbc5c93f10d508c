package dev.imlab.labs.lab05;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import dev.imlab.labs.LabNotDone;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns "this stored message goes to these users" into "this gateway pushes it to these devices",
 * with a number of {@link Presence} round trips that does not grow with the number of users.
 */
public final class FanoutPlanner {

    public FanoutPlanner(Presence presence) {
        // Keep the presence; you will need it.
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
        throw new LabNotDone(FanoutPlanner.class, "plan");
    }
}
