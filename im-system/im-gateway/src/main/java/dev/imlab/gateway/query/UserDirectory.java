package dev.imlab.gateway.query;

import dev.imlab.storage.user.UserStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Does a user exist? Asked for every send, so positive answers are cached: users are never
 * deleted, so "exists" cannot go stale. Negative answers are not cached, the user may register.
 */
public final class UserDirectory {
    private static final int MAX_CACHED = 200_000;

    private final UserStore users;
    private final Executor blocking;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    public UserDirectory(UserStore users, Executor blocking) {
        this.users = users;
        this.blocking = blocking;
    }

    public boolean knownToExist(String userId) {
        return known.containsKey(userId);
    }

    public CompletableFuture<Boolean> exists(String userId) {
        if (known.containsKey(userId)) {
            return CompletableFuture.completedFuture(true);
        }
        return CompletableFuture.supplyAsync(() -> {
            boolean exists = users.exists(userId);
            if (exists && known.size() < MAX_CACHED) {
                known.put(userId, Boolean.TRUE);
            }
            return exists;
        }, blocking);
    }
}
