package dev.imlab.labs.lab04;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivery cursors: per user, device and conversation, the highest seq the device acked.
 *
 * <p>Per device, not per user: a phone that read everything says nothing about the laptop that
 * was off, and each must be able to ask for exactly what it lacks. The key
 * {@code <user>/<device>/<conversationId>} makes a {@code sync} one read of known keys. A cursor
 * only moves up, because acks are cumulative and may arrive late or twice (a re-sent ack, two
 * connections of one device); the real store does the same with MongoDB's {@code $max}.
 */
public final class DeviceCursors {
    private final Database db;

    public DeviceCursors(Database db) {
        this.db = db;
    }

    static String key(String userId, String deviceId, String conversationId) {
        return userId + "/" + deviceId + "/" + conversationId;
    }

    /** Moves the cursor up to {@code seq}; never moves it back. */
    public void advance(String userId, String deviceId, String conversationId, long seq) {
        String key = key(userId, deviceId, conversationId);
        Long current = db.cursors.get(key);
        if (current == null || seq > current) {
            db.cursors.put(key, seq);
        }
    }

    /** Conversation id to cursor, for the given conversations; conversations never acked are absent. Reads each key once. */
    public Map<String, Long> cursorsOf(String userId, String deviceId, Collection<String> conversationIds) {
        Map<String, String> conversationByKey = new LinkedHashMap<>();
        for (String conversationId : conversationIds) {
            conversationByKey.put(key(userId, deviceId, conversationId), conversationId);
        }
        Map<String, Long> cursors = new HashMap<>();
        db.cursors.getAll(conversationByKey.keySet()).forEach((key, seq) -> cursors.put(conversationByKey.get(key), seq));
        return cursors;
    }
}
