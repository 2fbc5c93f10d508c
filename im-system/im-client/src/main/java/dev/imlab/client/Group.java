package dev.imlab.client;

import java.util.List;

/** A group as the HTTP API answers it; the owner is one of the members. */
public record Group(String groupId, List<String> members) {

    public Group {
        members = List.copyOf(members);
    }
}
