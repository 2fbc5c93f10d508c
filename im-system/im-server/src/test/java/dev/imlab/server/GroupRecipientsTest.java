package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.protocol.ConversationId;
import dev.imlab.push.fanout.GroupRecipients;
import dev.imlab.storage.Storage;
import dev.imlab.storage.group.GroupStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the push role sends a message to: the members at the moment of the push, cached or not. */
class GroupRecipientsTest {
    private static EmbeddedMongo mongo;
    private static Storage storage;
    private final GroupStore groups = storage.groups();
    private final GroupRecipients recipients = new GroupRecipients(groups);

    @BeforeAll
    static void startMongo(@TempDir Path dir) {
        mongo = EmbeddedMongo.start(dir, 0, false);
        storage = new Storage(mongo.connectionString(), "recipients-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopMongo() {
        storage.close();
        mongo.close();
    }

    /** A group of the owner and {@code others} more members; returns its conversation id. */
    private String groupOf(int others) {
        String groupId = GroupHttp.uniqueName("g");
        List<String> members = new ArrayList<>();
        members.add("owner.0");
        for (int i = 1; i <= others; i++) {
            members.add("member." + i);
        }
        groups.create(groupId, "owner.0", members, 1L);
        return ConversationId.group(groupId).value();
    }

    @Test
    void singleChat_goesToItsTwoUsers() {
        assertThat(recipients.usersOf(ConversationId.single("bob", "alice").value())).containsExactly("alice", "bob");
    }

    @Test
    void smallGroup_goesToTheCurrentMembers() {
        String conversation = groupOf(3);
        String groupId = ConversationId.parse(conversation).groupId();
        assertThat(recipients.usersOf(conversation)).containsExactly("owner.0", "member.1", "member.2", "member.3");

        groups.remove(groupId, "member.2");
        groups.add(groupId, "late.4", 0);

        assertThat(recipients.usersOf(conversation)).containsExactly("owner.0", "member.1", "member.3", "late.4");
    }

    @Test
    void largeGroup_servedFromTheCache_stillDropsAMemberRemovedBeforeThePush() {
        String conversation = groupOf(2_000);
        String groupId = ConversationId.parse(conversation).groupId();
        assertThat(recipients.usersOf(conversation)).hasSize(2_001).contains("member.1500");
        assertThat(recipients.usersOf(conversation)).as("a cached read").hasSize(2_001);

        groups.remove(groupId, "member.1500");
        assertThat(recipients.usersOf(conversation)).hasSize(2_000).doesNotContain("member.1500");

        groups.add(groupId, "late.1", 0);
        assertThat(recipients.usersOf(conversation)).hasSize(2_001).contains("late.1");
    }

    @Test
    void unknownGroup_goesToNobody() {
        assertThat(recipients.usersOf(ConversationId.group(GroupHttp.uniqueName("none")).value())).isEmpty();
    }
}
