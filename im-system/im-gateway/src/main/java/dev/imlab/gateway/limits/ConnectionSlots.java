package dev.imlab.gateway.limits;

import dev.imlab.gateway.auth.Principal;
import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connected devices per user and connections per gateway, counted before the upgrade.
 *
 * <p>A slot is a device, not a connection: a device that connects again (and so replaces its older
 * connection, PROTOCOL.md) keeps its slot. A slot is freed when the device has no session left in
 * the registry, that is when its current connection closes.
 *
 * @implNote Strategy candidates for the user over the limit. (a) Evict the oldest device, as
 * OpenIM's and Turms' login-conflict policies do: two clients of one user over the limit then
 * kick each other in turn, each reconnect taking the other's place. (b) Refuse the newcomer,
 * chosen: nothing that is connected is disturbed, and a client refused with 429 waits its
 * {@code retryAfterMs} (the idle timeout, by which a dead connection of the user's has closed).
 */
final class ConnectionSlots {
    private final int perUser;
    private final int perGateway;
    private final long retryAfterNanos;
    private final SessionRegistry registry;
    private final Refusals refusals;
    private final Map<String, Set<String>> devicesByUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** @param retryAfterNanos told to a user over the limit: by then a dead connection of theirs has timed out */
    ConnectionSlots(int perUser, int perGateway, long retryAfterNanos, SessionRegistry registry, Refusals refusals) {
        this.perUser = perUser;
        this.perGateway = perGateway;
        this.retryAfterNanos = retryAfterNanos;
        this.registry = registry;
        this.refusals = refusals;
    }

    /** Takes a slot for the device, or throws UNAVAILABLE (the gateway is full) or RATE_LIMITED (the user is). */
    void admit(Principal principal) {
        ImException[] refused = new ImException[1];
        devicesByUser.compute(principal.userId(), (user, devices) -> {
            Set<String> d = devices == null ? new HashSet<>(4) : devices;
            if (d.contains(principal.deviceId())) {
                return d; // the device connects again: its older connection will be replaced
            }
            if (d.size() >= perUser) {
                refused[0] = refusals.rateLimited(Limit.CONNECTIONS_PER_USER, "user '" + user + "' already has "
                        + d.size() + " devices connected to this gateway (limit " + perUser + ")", retryAfterNanos);
                return d;
            }
            if (total.incrementAndGet() > perGateway) {
                total.decrementAndGet();
                refusals.count(Limit.MAX_CONNECTIONS);
                refused[0] = new ImException(ErrorCode.UNAVAILABLE, "this gateway holds " + perGateway
                        + " connections, its limit: connect to another gateway or retry later", null, FULL_RETRY_MS);
                return d.isEmpty() ? null : d;
            }
            d.add(principal.deviceId());
            return d;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
    }

    /** When a device's connection closed: frees its slot if the device has no other session here. */
    void closed(Session session) {
        if (registry.get(session.userId(), session.deviceId()) != null) {
            return; // replaced by a newer connection of the same device, which holds the slot
        }
        devicesByUser.computeIfPresent(session.userId(), (user, devices) -> {
            if (devices.remove(session.deviceId())) {
                total.decrementAndGet();
            }
            return devices.isEmpty() ? null : devices;
        });
    }

    /** How long a client refused because the gateway is full should wait; they retry spread out by their own jitter. */
    static final long FULL_RETRY_MS = 5_000;

    int connections() {
        return total.get();
    }
}
