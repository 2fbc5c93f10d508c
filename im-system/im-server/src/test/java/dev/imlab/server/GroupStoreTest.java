package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.storage.Storage;
import dev.imlab.storage.group.GroupMember;
import dev.imlab.storage.group.GroupRecord;
import dev.imlab.storage.group.GroupStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GroupStore} against the MongoDB stand-in: the member list, floors, versions and the per-user index. */
class GroupStoreTest {
    private static EmbeddedMongo mongo;
    private static Storage storage;
    private final GroupStore groups = storage.groups();

    @BeforeAll
    static void startMongo(@TempDir Path dir) {
        mongo = EmbeddedMongo.start(dir, 0, false);
        storage = new Storage(mongo.connectionString(), "groups-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopMongo() {
        storage.close();
        mongo.close();
    }

    private static String name(String prefix) {
        return GroupHttp.uniqueName(prefix); // with a '.', which must never become a field path
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (ImException e) {
            return e.code();
        }
        throw new AssertionError("no ImException");
    }

    @Test
    void create_storesOwnerAndMembers_inOrder_withFloorZero() {
        String g = name("g");

        groups.create(g, "alice.a", List.of("alice.a", "bob.b"), 1L);

        GroupRecord stored = groups.find(g).orElseThrow();
        assertThat(stored.owner()).isEqualTo("alice.a");
        assertThat(stored.members()).containsExactly(new GroupMember("alice.a", 0), new GroupMember("bob.b", 0));
        assertThat(groups.member(g, "bob.b")).contains(new GroupMember("bob.b", 0));
    }

    @Test
    void create_refusesAnExistingGroupId_andLeavesItAsItWas() {
        String g = name("g");
        groups.create(g, "alice.a", List.of("alice.a"), 1L);

        assertThat(codeOf(() -> groups.create(g, "eve.e", List.of("eve.e"), 2L))).isEqualTo(ErrorCode.GROUP_EXISTS);
        assertThat(groups.find(g).orElseThrow().owner()).isEqualTo("alice.a");
    }

    @Test
    void add_isHarmlessTwice_andTheFirstFloorStands() {
        String g = name("g");
        groups.create(g, "alice.a", List.of("alice.a"), 1L);

        groups.add(g, "dave.d", 7);
        GroupRecord again = groups.add(g, "dave.d", 9);

        assertThat(again.members()).containsExactly(new GroupMember("alice.a", 0), new GroupMember("dave.d", 7));
        assertThat(groups.member(g, "dave.d")).contains(new GroupMember("dave.d", 7));
    }

    @Test
    void version_growsWithEveryChangeOfTheMemberList_andOnlyThen() {
        String g = name("g");
        groups.create(g, "alice.a", List.of("alice.a"), 1L);
        long created = groups.version(g);

        groups.add(g, "bob.b", 0);
        long afterAdd = groups.version(g);
        groups.add(g, "bob.b", 0);
        groups.remove(g, "carol.c");
        long afterNoOps = groups.version(g);
        groups.remove(g, "bob.b");

        assertThat(afterAdd).isGreaterThan(created);
        assertThat(afterNoOps).isEqualTo(afterAdd);
        assertThat(groups.version(g)).isGreaterThan(afterAdd);
        assertThat(groups.version(name("none"))).isEqualTo(-1);
    }

    @Test
    void remove_takesTheMemberOut_whateverItsFloor() {
        String g = name("g");
        groups.create(g, "alice.a", List.of("alice.a", "bob.b"), 1L);
        groups.add(g, "carol.c", 12);

        GroupRecord after = groups.remove(g, "carol.c");

        assertThat(after.memberIds()).containsExactly("alice.a", "bob.b");
        assertThat(groups.member(g, "carol.c")).isEmpty();
    }

    @Test
    void member_tellsANonMemberFromAMissingGroup() {
        String g = name("g");
        groups.create(g, "alice.a", List.of("alice.a"), 1L);

        assertThat(groups.member(g, "eve.e")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> groups.member(name("none"), "alice.a"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_GROUP));
    }

    @Test
    void floorsOf_listsTheGroupsTheUserIsInNow_notThoseItLeft() {
        String user = name("bob");
        String stays = name("g");
        String left = name("g");
        String joinedLate = name("g");
        groups.create(stays, "alice.a", List.of("alice.a", user), 1L);
        groups.create(left, "alice.a", List.of("alice.a", user), 1L);
        groups.create(joinedLate, "alice.a", List.of("alice.a"), 1L);
        groups.add(joinedLate, user, 5);

        groups.remove(left, user);

        assertThat(groups.floorsOf(user)).isEqualTo(Map.of(stays, 0L, joinedLate, 5L));
        assertThat(groups.floorsOf(name("nobody"))).isEmpty();
    }

    @Test
    void userIdsThatLookLikeFieldPaths_areStoredAsValues() {
        String g = name("g");
        groups.create(g, "a.b.c", List.of("a.b.c", "members.u", "x.-1"), 1L);

        groups.remove(g, "members.u");

        assertThat(groups.find(g).orElseThrow().memberIds()).containsExactly("a.b.c", "x.-1");
        assertThat(groups.floorsOf("x.-1")).containsOnlyKeys(g);
    }
}
