package dev.imlab.labs.lab04;

import dev.imlab.labs.LabNotDone;
import java.util.Collection;
import java.util.Map;

/** Delivery cursors: per user, device and conversation, the highest seq the device acked. */
public final class DeviceCursors {

    public DeviceCursors(Database db) {
        // Keep what you need.
    }

    /** Moves the cursor up to {@code seq}; never moves it back. */
    public void advance(String userId, String deviceId, String conversationId, long seq) {
        throw new LabNotDone(DeviceCursors.class, "advance");
    }

    /** Conversation id to cursor, for the given conversations; conversations never acked are absent. Reads each key once. */
    public Map<String, Long> cursorsOf(String userId, String deviceId, Collection<String> conversationIds) {
        throw new LabNotDone(DeviceCursors.class, "cursorsOf");
    }
}
