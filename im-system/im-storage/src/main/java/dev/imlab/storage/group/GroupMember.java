package dev.imlab.storage.group;

/**
 * One member of a group.
 *
 * @param floor the group's max seq when the member joined: seqs at or below it are not theirs
 */
public record GroupMember(String userId, long floor) {
}
