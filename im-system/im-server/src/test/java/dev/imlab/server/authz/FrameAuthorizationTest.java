package dev.imlab.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every frame type, v2 frames included, sent by a user who may not do it: about another user's
 * single chat, a group the user was never in, a group the user left, and another member's message.
 * Each gets the documented {@code error} frame, and nothing that alice (a member of both
 * conversations) can see changes: not the messages, not the read, ack and max seqs.
 *
 * <p>The cast: alice and bob chat; alice owns group g of alice, bob and carol; carol left g; mallory
 * is in neither. Each test builds its own cast.
 */
class FrameAuthorizationTest {
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final TestServer server = AuthzServer.main();
    private final Api api = new Api(server);
    private final Devices devices = new Devices();

    private String alice;
    private String bob;
    private String mallory;
    private String carol;
    private String groupId;
    private String single;
    private String group;
    private RawSocket alicePhone;
    private RawSocket bobPhone;
    private RawSocket malloryPhone;
    private RawSocket carolPhone;

    @BeforeEach
    void cast() {
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        carol = server.newUser("carol");
        mallory = server.newUser("mallory");
        groupId = "authz-frames" + UNIQUE.incrementAndGet();
        single = ConversationId.single(alice, bob).value();
        group = ConversationId.group(groupId).value();
        assertThat(api.createGroup(token(alice), groupId, List.of(bob, carol)).status()).isEqualTo(201);
        alicePhone = connect(alice);
        bobPhone = connect(bob);
        carolPhone = connect(carol);
        malloryPhone = connect(mallory);
        sendAndAck(alicePhone, "a1", "\"to\":\"" + bob + "\"", "hello bob");
        sendAndAck(alicePhone, "a2", "\"to\":\"" + bob + "\"", "how are you");
        sendAndAck(alicePhone, "g1", "\"groupId\":\"" + groupId + "\"", "hello group");
        assertThat(api.leave(token(carol), groupId).status()).isEqualTo(200);
        sendAndAck(alicePhone, "g2", "\"groupId\":\"" + groupId + "\"", "carol has left");
    }

    @AfterEach
    void closeDevices() {
        devices.close();
    }

    private String token(String user) {
        return api.login(user, TestServer.password(), "phone");
    }

    private RawSocket connect(String user) {
        RawSocket socket = devices.connect(server, token(user));
        Devices.untilPong(socket);
        return socket;
    }

    private static void sendAndAck(RawSocket socket, String clientMsgId, String target, String body) {
        socket.send("{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\"," + target + ",\"body\":\"" + body + "\"}");
        socket.next(f -> f instanceof ServerFrame.SendAck ack && ack.clientMsgId().equals(clientMsgId));
    }

    private static String frame(String type, Map<String, Object> fields) {
        ObjectNode node = Api.JSON.createObjectNode().put("type", type);
        fields.forEach((k, v) -> node.set(k, Api.JSON.valueToTree(v)));
        return Api.JSON.writeValueAsString(node);
    }

    /** The error frame answering {@code ref}, which must carry {@code code}. */
    private static void assertRefused(RawSocket socket, String ref, ErrorCode code) {
        ServerFrame.Error error = (ServerFrame.Error) socket.next(f -> f instanceof ServerFrame.Error e && ref.equals(e.ref()));
        assertThat(error.code()).as("%s", error).isEqualTo(code);
    }

    /** What alice can see of both conversations: her sync lines and every stored message. */
    private record View(List<ServerFrame.ConversationState> lines, List<Message> single, List<Message> group) {
    }

    private View aliceSees() {
        alicePhone.send("{\"type\":\"sync\"}");
        ServerFrame.SyncResult sync = (ServerFrame.SyncResult) alicePhone.next(f -> f instanceof ServerFrame.SyncResult);
        List<ServerFrame.ConversationState> lines = sync.conversations().stream()
                .filter(c -> c.conversationId().equals(single) || c.conversationId().equals(group)).toList();
        return new View(lines, pull(alicePhone, single), pull(alicePhone, group));
    }

    private static List<Message> pull(RawSocket socket, String conversationId) {
        socket.send(frame("pull", Map.of("conversationId", conversationId, "fromSeq", 1, "toSeq", 100)));
        return ((ServerFrame.PullResult) socket.next(f -> f instanceof ServerFrame.PullResult r
                && r.conversationId().equals(conversationId))).messages();
    }

    // ---- send ------------------------------------------------------------------------------------------------

    @Test
    void send_toAGroupNeverJoined_isNotMember_andStoresNothing() {
        View before = aliceSees();

        malloryPhone.send(frame("send", Map.of("clientMsgId", "m1", "groupId", groupId, "body", "let me in")));

        assertRefused(malloryPhone, "m1", ErrorCode.NOT_MEMBER);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void send_toAGroupTheUserLeft_isNotMember_andStoresNothing() {
        View before = aliceSees();

        carolPhone.send(frame("send", Map.of("clientMsgId", "c1", "groupId", groupId, "body", "still here?")));

        assertRefused(carolPhone, "c1", ErrorCode.NOT_MEMBER);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void send_withFieldsNamingAnotherSender_isStoredAsTheTokensUser() {
        malloryPhone.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"it is me, alice\","
                + "\"from\":\"" + alice + "\",\"userId\":\"" + alice + "\",\"deviceId\":\"phone\"}");

        ServerFrame.SendAck ack = (ServerFrame.SendAck) malloryPhone.next(f -> f instanceof ServerFrame.SendAck);
        assertThat(ack.conversationId()).isEqualTo(ConversationId.single(mallory, bob).value());
        Message pushed = ((ServerFrame.Push) bobPhone.next(f -> f instanceof ServerFrame.Push p
                && p.message().conversationId().equals(ack.conversationId()))).message();
        assertThat(pushed.from()).isEqualTo(mallory);
    }

    // ---- ack and read (no answer on success: the error frame is the only answer) -------------------------------

    @Test
    void ack_ofAnotherUsersSingleChat_isNotMember_andMovesNoCursor() {
        View before = aliceSees();

        malloryPhone.send(frame("ack", Map.of("conversationId", single, "seq", 2)));

        assertRefused(malloryPhone, "ack", ErrorCode.NOT_MEMBER);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void ack_ofAGroupTheUserLeft_isNotMember() {
        carolPhone.send(frame("ack", Map.of("conversationId", group, "seq", 2)));

        assertRefused(carolPhone, "ack", ErrorCode.NOT_MEMBER);
    }

    @Test
    void ack_ofAGroupNeverJoined_isNotMember() {
        malloryPhone.send(frame("ack", Map.of("conversationId", group, "seq", 1)));

        assertRefused(malloryPhone, "ack", ErrorCode.NOT_MEMBER);
    }

    @Test
    void ack_namingAnotherDevice_movesOnlyTheCursorOfTheTokensDevice() {
        RawSocket aliceLaptop = devices.connect(server, api.login(alice, TestServer.password(), "laptop"));

        aliceLaptop.send("{\"type\":\"ack\",\"conversationId\":\"" + single + "\",\"seq\":2,\"deviceId\":\"phone\"}");

        assertThat(ackedSeqAwaited(aliceLaptop, single, 2)).isEqualTo(2);
        alicePhone.send("{\"type\":\"sync\"}");
        ServerFrame.SyncResult phoneSync = (ServerFrame.SyncResult) alicePhone.next(f -> f instanceof ServerFrame.SyncResult);
        assertThat(phoneSync.conversations()).filteredOn(c -> c.conversationId().equals(single))
                .singleElement().extracting(ServerFrame.ConversationState::ackedSeq).isEqualTo(0L);
    }

    /** Syncs until the device's cursor in the conversation reaches {@code seq} (acks are stored in batches); bounded. */
    private static long ackedSeqAwaited(RawSocket socket, String conversationId, long seq) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        long acked = -1;
        while (System.nanoTime() < deadline) {
            socket.send("{\"type\":\"sync\"}");
            ServerFrame.SyncResult sync = (ServerFrame.SyncResult) socket.next(f -> f instanceof ServerFrame.SyncResult);
            acked = sync.conversations().stream().filter(c -> c.conversationId().equals(conversationId))
                    .mapToLong(ServerFrame.ConversationState::ackedSeq).findFirst().orElse(-1);
            if (acked >= seq) {
                return acked;
            }
            pause();
        }
        return acked;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void read_ofAnotherUsersSingleChat_isNotMember_andMovesNoReadSeq() {
        View before = aliceSees();

        malloryPhone.send(frame("read", Map.of("conversationId", single, "seq", 2)));

        assertRefused(malloryPhone, "read", ErrorCode.NOT_MEMBER);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void read_ofAGroupTheUserLeft_isNotMember() {
        carolPhone.send(frame("read", Map.of("conversationId", group, "seq", 1)));

        assertRefused(carolPhone, "read", ErrorCode.NOT_MEMBER);
    }

    // ---- pull and sync -----------------------------------------------------------------------------------------

    @Test
    void pull_ofAnotherUsersSingleChat_isNotMember() {
        malloryPhone.send(frame("pull", Map.of("conversationId", single, "fromSeq", 1, "toSeq", 100)));

        assertRefused(malloryPhone, "pull", ErrorCode.NOT_MEMBER);
    }

    @Test
    void pull_ofAGroupNeverJoined_isNotMember() {
        malloryPhone.send(frame("pull", Map.of("conversationId", group, "fromSeq", 1, "toSeq", 100)));

        assertRefused(malloryPhone, "pull", ErrorCode.NOT_MEMBER);
    }

    @Test
    void pull_ofAGroupTheUserLeft_isNotMember_evenForTheMessagesFromBeforeLeaving() {
        carolPhone.send(frame("pull", Map.of("conversationId", group, "fromSeq", 1, "toSeq", 1)));

        assertRefused(carolPhone, "pull", ErrorCode.NOT_MEMBER);
    }

    @Test
    void sync_listsOnlyTheUsersOwnConversations() {
        for (RawSocket outsider : List.of(malloryPhone, carolPhone)) {
            outsider.send("{\"type\":\"sync\"}");
            ServerFrame.SyncResult sync = (ServerFrame.SyncResult) outsider.next(f -> f instanceof ServerFrame.SyncResult);
            assertThat(sync.conversations()).extracting(ServerFrame.ConversationState::conversationId)
                    .doesNotContain(single, group);
        }
    }

    @Test
    void aMemberThatLeft_getsNoPushOfTheMessagesAfterItLeft() {
        sendAndAck(alicePhone, "g3", "\"groupId\":\"" + groupId + "\"", "after carol");
        bobPhone.next(f -> f instanceof ServerFrame.Push p && p.message().clientMsgId().equals("g3"));

        assertThat(Devices.untilPong(carolPhone)).filteredOn(f -> f instanceof ServerFrame.Push p
                && p.message().conversationId().equals(group) && p.message().seq() > 1).isEmpty();
    }

    // ---- recall ------------------------------------------------------------------------------------------------

    @Test
    void recall_inAnotherUsersSingleChat_isNotMember_andRecallsNothing() {
        View before = aliceSees();

        malloryPhone.send(frame("recall", Map.of("clientMsgId", "r1", "conversationId", single, "seq", 1)));

        assertRefused(malloryPhone, "r1", ErrorCode.NOT_MEMBER);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void recall_inAGroupTheUserLeft_isNotMember_andRecallsNothing() {
        View before = aliceSees();

        carolPhone.send(frame("recall", Map.of("clientMsgId", "r1", "conversationId", group, "seq", 1)));

        assertRefused(carolPhone, "r1", ErrorCode.NOT_MEMBER);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void recall_ofAnotherMembersMessage_byAMemberWhoIsNotTheOwner_isForbidden_andRecallsNothing() {
        View before = aliceSees();

        bobPhone.send(frame("recall", Map.of("clientMsgId", "r1", "conversationId", group, "seq", 1)));

        assertRefused(bobPhone, "r1", ErrorCode.FORBIDDEN);
        assertThat(aliceSees()).isEqualTo(before);
    }

    @Test
    void recall_ofTheOtherUsersMessage_inTheUsersOwnSingleChat_isForbidden_andRecallsNothing() {
        View before = aliceSees();

        bobPhone.send(frame("recall", Map.of("clientMsgId", "r1", "conversationId", single, "seq", 1)));

        assertRefused(bobPhone, "r1", ErrorCode.FORBIDDEN);
        assertThat(aliceSees()).isEqualTo(before);
    }
}
