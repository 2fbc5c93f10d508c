package dev.imlab.storage.group;

import java.util.List;

/**
 * A stored group.
 *
 * @param members in the order they joined, the owner first
 * @param version grows by one with every change of the member list, so a reader holding a copy
 *     can tell with a tiny read whether its copy is still the current one
 */
public record GroupRecord(String groupId, String owner, List<GroupMember> members, long version) {

    public GroupRecord {
        members = List.copyOf(members);
    }

    public List<String> memberIds() {
        return members.stream().map(GroupMember::userId).toList();
    }

    public boolean hasMember(String userId) {
        return members.stream().anyMatch(m -> m.userId().equals(userId));
    }
}
