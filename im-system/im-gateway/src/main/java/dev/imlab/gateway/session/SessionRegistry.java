package dev.imlab.gateway.session;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions this gateway holds, by user and device. At most one per device: a newer one replaces it. */
public final class SessionRegistry {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    static String key(String userId, String deviceId) {
        return userId + "/" + deviceId;
    }

    /** Adds the session; returns the one it replaces (to be kicked), or null. */
    public Session add(Session session) {
        return sessions.put(session.key(), session);
    }

    /** Removes the session if it is still the device's current one; true if it was. */
    public boolean remove(Session session) {
        return sessions.remove(session.key(), session);
    }

    public Session get(String userId, String deviceId) {
        return sessions.get(key(userId, deviceId));
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int size() {
        return sessions.size();
    }
}
