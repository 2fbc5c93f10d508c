package dev.imlab.storage.group;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A group's current members, exact as of a read that begins inside {@link #members}, without
 * reading a large member list every time.
 *
 * @implNote A large group's member list is cached, and each call checks the cached copy against
 *     the group's version (a read of a few bytes) before using it: exact, because the version
 *     changes in the same atomic update as the member list, and cheap, because a 2,000-member list
 *     is about 50 KB to read and decode otherwise. Below {@link #CACHE_FROM_MEMBERS} reading the
 *     list costs about what checking the version costs, so small groups are read afresh and not
 *     cached at all. A time-to-live cache would be cheaper still, but would keep answering for
 *     removed members until it expires.
 */
public final class GroupMembersCache {
    static final int CACHE_FROM_MEMBERS = 100;
    /** Even if every cached group were full (10,000 ids of about 64 bytes each, twice), about 320 MB. */
    static final int MAX_CACHED_GROUPS = 256;

    /** The members in join order, and as a set for membership tests. */
    public record Members(long version, List<String> ids, Set<String> set) {
    }

    private final GroupStore groups;
    private final Map<String, Members> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Members> eldest) {
            return size() > MAX_CACHED_GROUPS;
        }
    };

    public GroupMembersCache(GroupStore groups) {
        this.groups = groups;
    }

    /** The group's members now; empty if there is no such group. Blocking (MongoDB). */
    public Optional<Members> members(String groupId) {
        Members cached;
        synchronized (cache) {
            cached = cache.get(groupId);
        }
        if (cached != null && groups.version(groupId) == cached.version()) {
            return Optional.of(cached);
        }
        Optional<GroupRecord> current = groups.find(groupId);
        synchronized (cache) {
            if (current.isEmpty()) {
                cache.remove(groupId);
                return Optional.empty();
            }
            List<String> ids = current.get().memberIds();
            Members members = new Members(current.get().version(), ids, new HashSet<>(ids));
            if (ids.size() >= CACHE_FROM_MEMBERS) {
                cache.put(groupId, members);
            } else {
                cache.remove(groupId);
            }
            return Optional.of(members);
        }
    }
}
