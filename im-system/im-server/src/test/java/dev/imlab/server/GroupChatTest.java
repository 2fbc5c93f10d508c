package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group chat through the whole pipeline, spoken on the wire: PROTOCOL.md's group endpoints,
 * {@code send} with {@code groupId}, pushes to every member device but the sending one, and
 * rule 6 (a member's floor; {@code NOT_MEMBER} once removed).
 */
class GroupChatTest {
    private final TestServer server = TestServer.shared();
    private final GroupHttp http = new GroupHttp(server.baseUri());
    private final List<WireDevice> devices = new ArrayList<>();

    @AfterEach
    void closeDevices() {
        devices.forEach(WireDevice::close);
    }

    private WireDevice connect(String userId, String deviceId) {
        WireDevice device = WireDevice.connect(http, userId, deviceId);
        devices.add(device);
        return device;
    }

    private String token(String userId) {
        return http.token(userId, "http");
    }

    /** Creates a group owned by {@code owner}; returns its id. */
    private String groupOf(String owner, String... members) {
        String groupId = GroupHttp.uniqueName("g");
        GroupHttp.Answer created = http.create(token(owner), groupId, List.of(members));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return groupId;
    }

    private static String conversation(String groupId) {
        return ConversationId.group(groupId).value();
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    @Test
    void createGroup_answers201_withTheCallerAsOwnerAndFirstMember() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String carol = http.newUser("carol");
        String groupId = GroupHttp.uniqueName("g");

        GroupHttp.Answer created = http.create(token(alice), groupId, List.of(bob, carol, bob));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("groupId").asString()).isEqualTo(groupId);
        assertThat(created.body().path("owner").asString()).isEqualTo(alice);
        assertThat(created.members()).containsExactly(alice, bob, carol);
        assertThat(http.get(token(carol), groupId).members()).containsExactly(alice, bob, carol);
        String conversation = conversation(groupId);
        assertThat(connect(bob, "phone").syncState(conversation)).as("a group without messages is listed too")
                .isEqualTo(new ServerFrame.ConversationState(conversation, 0, 0));
    }

    @Test
    void threeMembers_chatOnline_andTheOfflineMemberCatchesUpWithSyncAndPull() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String carol = http.newUser("carol");
        String groupId = groupOf(alice, bob, carol);
        String conversation = conversation(groupId);
        WireDevice alicePhone = connect(alice, "phone");
        WireDevice aliceLaptop = connect(alice, "laptop");
        WireDevice bobPhone = connect(bob, "phone");

        ServerFrame.SendAck first = alicePhone.sendToGroupAndAwaitAck(groupId, "a1", "hello group");
        ServerFrame.SendAck second = alicePhone.sendToGroupAndAwaitAck(groupId, "a2", "anyone?");
        ServerFrame.SendAck third = bobPhone.sendToGroupAndAwaitAck(groupId, "b1", "hi alice");

        assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
        assertThat(first.conversationId()).isEqualTo(conversation);
        List<Message> atBob = bobPhone.awaitPushes(conversation, 2);
        assertThat(atBob).extracting(Message::body).containsExactly("hello group", "anyone?");
        assertThat(atBob).allSatisfy(m -> {
            assertThat(m.groupId()).isEqualTo(groupId);
            assertThat(m.from()).isEqualTo(alice);
        });
        // The sender's other device gets every message; the sending device only the others'.
        assertThat(seqs(aliceLaptop.awaitPushes(conversation, 3))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(alicePhone.awaitPushes(conversation, 1))).containsExactly(3L);
        bobPhone.roundTrip();
        assertThat(seqs(bobPhone.pushes(conversation))).containsExactly(1L, 2L);

        WireDevice carolPhone = connect(carol, "phone");
        ServerFrame.ConversationState state = carolPhone.syncState(conversation);
        assertThat(state).isEqualTo(new ServerFrame.ConversationState(conversation, 3, 0));
        List<Message> pulled = carolPhone.pull(conversation, 1, 3);
        assertThat(pulled).extracting(Message::body).containsExactly("hello group", "anyone?", "hi alice");
        assertThat(pulled).extracting(Message::groupId).containsOnly(groupId);
        assertThat(pulled.get(2).from()).isEqualTo(bob);

        carolPhone.ack(conversation, 3);
        awaitAckedSeq(carolPhone, conversation, 3);
    }

    @Test
    void memberAddedMidConversation_startsAtTheGroupsMaxSeq_andGetsOnlyWhatFollows() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String dave = http.newUser("dave");
        String groupId = groupOf(alice, bob);
        String conversation = conversation(groupId);
        WireDevice alicePhone = connect(alice, "phone");
        alicePhone.sendToGroupAndAwaitAck(groupId, "before-1", "before dave 1");
        alicePhone.sendToGroupAndAwaitAck(groupId, "before-2", "before dave 2");

        GroupHttp.Answer added = http.add(token(alice), groupId, dave);
        GroupHttp.Answer addedAgain = http.add(token(alice), groupId, dave);

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.members()).containsExactly(alice, bob, dave);
        assertThat(addedAgain.status()).isEqualTo(200);
        assertThat(addedAgain.members()).containsExactly(alice, bob, dave);
        WireDevice davePhone = connect(dave, "phone");
        assertThat(davePhone.syncState(conversation)).isEqualTo(new ServerFrame.ConversationState(conversation, 2, 2, 3, 2, 0, null));
        assertThat(davePhone.pull(conversation, 1, 100)).isEmpty();

        alicePhone.sendToGroupAndAwaitAck(groupId, "after", "welcome dave");

        assertThat(davePhone.awaitPushes(conversation, 1)).extracting(Message::seq, Message::body)
                .containsExactly(tuple(3L, "welcome dave"));
        assertThat(seqs(davePhone.pull(conversation, 1, 100))).containsExactly(3L);
        // The second add did not move dave's floor up to 3.
        assertThat(davePhone.syncState(conversation).ackedSeq()).isEqualTo(2);
    }

    @Test
    void removedMember_isRefusedAtOnce_andGetsNoMorePushes() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String carol = http.newUser("carol");
        String groupId = groupOf(alice, bob, carol);
        String conversation = conversation(groupId);
        WireDevice alicePhone = connect(alice, "phone");
        WireDevice bobPhone = connect(bob, "phone");
        WireDevice carolPhone = connect(carol, "phone");
        alicePhone.sendToGroupAndAwaitAck(groupId, "m1", "bob is still here");
        bobPhone.awaitPushes(conversation, 1);

        GroupHttp.Answer removed = http.remove(token(alice), groupId, bob);

        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.members()).containsExactly(alice, carol);
        bobPhone.sendToGroup(groupId, "b-late", "let me back in");
        assertThat(bobPhone.error("b-late").code()).isEqualTo(ErrorCode.NOT_MEMBER);
        bobPhone.send(new ClientFrame.Pull(conversation, 1, 10, 10));
        assertThat(bobPhone.error("pull").code()).isEqualTo(ErrorCode.NOT_MEMBER);
        bobPhone.ack(conversation, 1);
        assertThat(bobPhone.error("ack").code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(bobPhone.syncState(conversation)).isNull();

        alicePhone.sendToGroupAndAwaitAck(groupId, "m2", "bob has left");

        assertThat(seqs(carolPhone.awaitPushes(conversation, 2))).containsExactly(1L, 2L);
        bobPhone.roundTrip();
        assertThat(seqs(bobPhone.pushes(conversation))).containsExactly(1L);
        assertThat(http.remove(token(alice), groupId, bob).status()).as("removing twice is harmless").isEqualTo(200);
    }

    @Test
    void memberLeaves_andIsRefusedFromThenOn_whileTheOwnerCannotLeave() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String carol = http.newUser("carol");
        String groupId = groupOf(alice, bob, carol);
        String conversation = conversation(groupId);
        WireDevice bobPhone = connect(bob, "phone");
        bobPhone.sendToGroupAndAwaitAck(groupId, "b1", "bye all");

        GroupHttp.Answer left = http.leave(token(bob), groupId);
        GroupHttp.Answer carolLeftByDelete = http.remove(token(carol), groupId, carol);

        assertThat(left.status()).isEqualTo(200);
        assertThat(left.body().path("left").asString()).isEqualTo(bob);
        assertThat(carolLeftByDelete.status()).isEqualTo(200);
        assertThat(http.get(token(alice), groupId).members()).containsExactly(alice);
        bobPhone.sendToGroup(groupId, "b2", "one more");
        assertThat(bobPhone.error("b2").code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(bobPhone.syncState(conversation)).isNull();
        assertThat(http.leave(token(bob), groupId).error()).isEqualTo("NOT_MEMBER");
        GroupHttp.Answer ownerLeaves = http.leave(token(alice), groupId);
        assertThat(ownerLeaves.status()).isEqualTo(403);
        assertThat(ownerLeaves.error()).isEqualTo("FORBIDDEN");
    }

    @Test
    void removedThenAddedAgain_isANewMember_withANewFloor() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String groupId = groupOf(alice, bob);
        String conversation = conversation(groupId);
        WireDevice alicePhone = connect(alice, "phone");
        alicePhone.sendToGroupAndAwaitAck(groupId, "m1", "first stay");
        http.remove(token(alice), groupId, bob);
        alicePhone.sendToGroupAndAwaitAck(groupId, "m2", "while away");

        http.add(token(alice), groupId, bob);

        WireDevice bobPhone = connect(bob, "phone");
        assertThat(bobPhone.syncState(conversation)).isEqualTo(new ServerFrame.ConversationState(conversation, 2, 2, 3, 2, 0, null));
        assertThat(bobPhone.pull(conversation, 1, 10)).isEmpty();
    }

    @Test
    void nonMembers_cannotSendPullOrAddMembers_andOnlyTheOwnerChangesMembers() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String eve = http.newUser("eve");
        String groupId = groupOf(alice, bob);
        String conversation = conversation(groupId);
        WireDevice evePhone = connect(eve, "phone");

        evePhone.sendToGroup(groupId, "e1", "let me in");
        assertThat(evePhone.error("e1").code()).isEqualTo(ErrorCode.NOT_MEMBER);
        evePhone.send(new ClientFrame.Pull(conversation, 1, 10, 10));
        assertThat(evePhone.error("pull").code()).isEqualTo(ErrorCode.NOT_MEMBER);
        assertThat(http.add(token(eve), groupId, eve)).satisfies(a -> {
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.error()).isEqualTo("FORBIDDEN");
        });
        assertThat(http.get(token(eve), groupId).error()).isEqualTo("NOT_MEMBER");
        assertThat(http.add(token(bob), groupId, eve).error()).as("a member who is not the owner").isEqualTo("FORBIDDEN");
        assertThat(http.remove(token(bob), groupId, alice).error()).isEqualTo("FORBIDDEN");
        assertThat(http.remove(token(alice), groupId, alice).error()).as("the owner cannot be removed").isEqualTo("FORBIDDEN");
        assertThat(http.get(token(alice), groupId).members()).containsExactly(alice, bob);
    }

    @Test
    void unknownGroup_isNoSuchGroup_onTheWireAndOverHttp() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String missing = GroupHttp.uniqueName("nosuch");
        WireDevice alicePhone = connect(alice, "phone");

        alicePhone.sendToGroup(missing, "x1", "hello?");
        assertThat(alicePhone.error("x1").code()).isEqualTo(ErrorCode.NO_SUCH_GROUP);
        alicePhone.send(new ClientFrame.Pull(conversation(missing), 1, 10, 10));
        assertThat(alicePhone.error("pull").code()).isEqualTo(ErrorCode.NO_SUCH_GROUP);
        GroupHttp.Answer add = http.add(token(alice), missing, bob);
        assertThat(add.status()).isEqualTo(404);
        assertThat(add.error()).isEqualTo("NO_SUCH_GROUP");
        assertThat(http.remove(token(alice), missing, bob).error()).isEqualTo("NO_SUCH_GROUP");
        assertThat(http.leave(token(alice), missing).error()).isEqualTo("NO_SUCH_GROUP");
    }

    @Test
    void groupEndpoints_refuseBadInput_withTheOneErrorShape() {
        String alice = http.newUser("alice");
        String bob = http.newUser("bob");
        String aliceToken = token(alice);
        String groupId = groupOf(alice, bob);
        String unknownUser = GroupHttp.uniqueName("ghost");

        assertThat(http.create(aliceToken, groupId, List.of()).error()).isEqualTo("GROUP_EXISTS");
        assertThat(http.create(aliceToken, groupId, List.of()).status()).isEqualTo(409);
        String fresh = GroupHttp.uniqueName("g");
        GroupHttp.Answer withGhost = http.create(aliceToken, fresh, List.of(bob, unknownUser));
        assertThat(withGhost.status()).isEqualTo(404);
        assertThat(withGhost.error()).isEqualTo("NO_SUCH_USER");
        assertThat(withGhost.body().path("message").asString()).contains(unknownUser);
        assertThat(http.create(aliceToken, fresh, List.of(bob)).status()).as("the refused create stored nothing").isEqualTo(201);
        assertThat(http.add(aliceToken, groupId, unknownUser).error()).isEqualTo("NO_SUCH_USER");
        assertThat(http.create(aliceToken, "bad_id", List.of()).error()).isEqualTo("INVALID_FIELD");
        assertThat(http.create(aliceToken, GroupHttp.uniqueName("g"), List.of("bad_user")).error()).isEqualTo("INVALID_FIELD");
        assertThat(http.call("POST", "/api/v1/groups", aliceToken, "{\"groupId\":\"g-x\"}").error()).isEqualTo("MISSING_FIELD");
        assertThat(http.call("POST", "/api/v1/groups", aliceToken, "{\"groupId\":\"g-x\",\"members\":\"bob\"}").error())
                .isEqualTo("INVALID_FIELD");
        assertThat(http.call("POST", "/api/v1/groups", aliceToken, "{\"groupId\":\"g-x\",\"members\":[1]}").error())
                .isEqualTo("INVALID_FIELD");
        assertThat(http.call("POST", "/api/v1/groups/" + groupId + "/members", aliceToken, "{}").error())
                .isEqualTo("MISSING_FIELD");
        GroupHttp.Answer notJson = http.call("POST", "/api/v1/groups", aliceToken, "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).isEqualTo("BAD_REQUEST");
        assertThat(http.call("PUT", "/api/v1/groups/" + groupId, aliceToken, "{}").status()).isEqualTo(405);
        GroupHttp.Answer noToken = http.create(null, GroupHttp.uniqueName("g"), List.of());
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.error()).isEqualTo("UNAUTHORIZED");
        assertThat(noToken.body().path("message").asString()).isNotBlank();
    }

    private static void awaitAckedSeq(WireDevice device, String conversation, long seq) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (device.syncState(conversation).ackedSeq() < seq) {
            assertThat(System.nanoTime()).as("ackedSeq did not reach %d within 20 s", seq).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
