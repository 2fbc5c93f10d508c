package dev.imlab.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.TestServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md v2, "Read state and unread counts", on the wire: {@code read} (no answer, never
 * back, {@code INVALID_FIELD} beyond the last seq, {@code NOT_MEMBER} elsewhere), the sender's
 * own messages never unread, {@code readSeq}/{@code unread} in {@code sync_result}, and who gets a
 * {@code read_receipt}. Plus two extras of the server design (v2-design.md): {@code peerReadSeq}
 * on single-chat lines, and a group member's read seq starting at its join floor.
 *
 * <p>A read travels asynchronously (no answer), so state is checked by syncing until it shows,
 * within a bounded wait; absence of a receipt is checked against a later receipt that the same
 * device must get first if the server is right.
 */
class ReadStateTest {
    private final TestServer server = TestServer.shared();
    private final Groups groups = new Groups(server);
    @AutoClose
    private final WireDevices devices = new WireDevices(() -> server);

    private static void sendMany(WireClient from, String to, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            from.sendAndAck(prefix + i, to, "message " + i);
        }
    }

    private static void assertNoErrors(WireClient device) {
        assertThat(device.received("error")).as("error frames at %s/%s", device.userId, device.deviceId).isEmpty();
    }

    @Test
    void read_isNotAnswered_andSyncShowsTheReadSeqAndUnreadOnEveryDeviceOfTheUser() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "m", 5);
        WireClient bobPhone = devices.connect(bob, "phone");

        JsonNode before = bobPhone.syncLine(conversation);
        assertThat(before.path("maxSeq").asLong()).isEqualTo(5);
        assertThat(before.path("minSeq").asLong()).isEqualTo(1);
        assertThat(before.path("readSeq").isIntegralNumber()).as("readSeq present: %s", before).isTrue();
        assertThat(before.path("readSeq").asLong()).isZero();
        assertThat(before.path("unread").asLong()).isEqualTo(5);

        bobPhone.read(conversation, 3);
        bobPhone.roundTrip();
        JsonNode after = bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3, "readSeq 3");
        assertThat(after.path("unread").asLong()).isEqualTo(2);
        assertThat(after.path("ackedSeq").asLong()).as("a read is not an ack").isZero();
        assertNoErrors(bobPhone);
        assertThat(bobPhone.history()).extracting(WireClient.Received::type)
                .as("a read gets no answer").isSubsetOf("push", "pong", "sync_result");

        WireClient bobTablet = devices.connect(bob, "tablet");
        JsonNode onTablet = bobTablet.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3,
                "readSeq 3 (read state is per user)");
        assertThat(onTablet.path("unread").asLong()).isEqualTo(2);
        assertThat(onTablet.path("ackedSeq").asLong()).isZero();
    }

    @Test
    void readOfTheLastSeq_clearsUnread() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        sendMany(devices.connect(alice, "phone"), bob, "m", 3);
        WireClient bobPhone = devices.connect(bob, "phone");

        bobPhone.read(conversation, 3);

        JsonNode line = bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3, "readSeq 3");
        assertThat(line.path("unread").asLong()).isZero();
        assertNoErrors(bobPhone);
    }

    @Test
    void sendersOwnMessages_areNeverUnread_andSendingMovesTheSendersReadSeq() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");

        sendMany(alicePhone, bob, "a", 3);
        JsonNode aliceLine = alicePhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3, "readSeq 3");
        assertThat(aliceLine.path("unread").asLong()).as("her own three messages").isZero();

        bobPhone.sendAndAck("b1", alice, "from bob"); // seq 4
        aliceLine = alicePhone.awaitSyncLine(conversation, l -> l.path("maxSeq").asLong() == 4, "maxSeq 4");
        assertThat(aliceLine.path("readSeq").asLong()).isEqualTo(3);
        assertThat(aliceLine.path("unread").asLong()).isEqualTo(1);
        JsonNode bobLine = bobPhone.syncLine(conversation);
        assertThat(bobLine.path("readSeq").asLong()).as("bob sent seq 4").isEqualTo(4);
        assertThat(bobLine.path("unread").asLong()).isZero();

        alicePhone.sendAndAck("a4", bob, "answer"); // seq 5: alice's read seq moves up to 5
        aliceLine = alicePhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 5, "readSeq 5");
        assertThat(aliceLine.path("unread").asLong()).isZero();
        bobLine = bobPhone.syncLine(conversation);
        assertThat(bobLine.path("readSeq").asLong()).isEqualTo(4);
        assertThat(bobLine.path("unread").asLong()).isEqualTo(1);

        // Her other device sees the same per-user read seq.
        WireClient aliceLaptop = devices.connect(alice, "laptop");
        assertThat(aliceLaptop.syncLine(conversation).path("readSeq").asLong()).isEqualTo(5);
    }

    @Test
    void sendersOwnGroupMessages_areNeverUnread() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String groupId = groups.create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");

        alicePhone.sendToGroupAndAck("a1", groupId, "one");
        alicePhone.sendToGroupAndAck("a2", groupId, "two");
        bobPhone.sendToGroupAndAck("b1", groupId, "three");

        JsonNode aliceLine = alicePhone.syncLine(conversation);
        assertThat(aliceLine.path("maxSeq").asLong()).isEqualTo(3);
        assertThat(aliceLine.path("readSeq").asLong()).isEqualTo(2);
        assertThat(aliceLine.path("unread").asLong()).isEqualTo(1);
        JsonNode bobLine = bobPhone.syncLine(conversation);
        assertThat(bobLine.path("readSeq").asLong()).isEqualTo(3);
        assertThat(bobLine.path("unread").asLong()).isZero();
    }

    @Test
    void read_beyondTheLastSeq_isInvalidField_andChangesNothing() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        sendMany(devices.connect(alice, "phone"), bob, "m", 2);
        WireClient bobPhone = devices.connect(bob, "phone");

        bobPhone.read(conversation, 3);

        JsonNode error = bobPhone.error("read");
        assertThat(error.path("code").asString()).isEqualTo("INVALID_FIELD");
        bobPhone.roundTrip(); // the connection stays open
        JsonNode line = bobPhone.syncLine(conversation);
        assertThat(line.path("readSeq").asLong()).isZero();
        assertThat(line.path("unread").asLong()).isEqualTo(2);
    }

    @Test
    void read_ofAnEmptyGroup_isInvalidField() {
        String alice = server.newUser("alice");
        String groupId = groups.create(alice, server.newUser("bob"));
        WireClient alicePhone = devices.connect(alice, "phone");

        alicePhone.read(Groups.conversation(groupId), 1);

        assertThat(alicePhone.error("read").path("code").asString()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void read_backwards_neverMovesTheReadSeqBack() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String conversation = Groups.single(alice, bob);
        String other = Groups.single(bob, carol);
        sendMany(devices.connect(alice, "phone"), bob, "m", 4);
        devices.connect(carol, "phone").sendAndAck("c1", bob, "from carol");
        WireClient bobPhone = devices.connect(bob, "phone");
        WireClient bobTablet = devices.connect(bob, "tablet");

        bobPhone.read(conversation, 3);
        bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3, "readSeq 3");
        bobPhone.read(conversation, 1);
        // Barrier: a later read of the same user, in another conversation; once its receipt is at
        // the tablet, the backwards read was handled before it.
        bobPhone.read(other, 1);
        bobTablet.take("read_receipt", r -> other.equals(r.path("conversationId").asString()));

        JsonNode line = bobPhone.syncLine(conversation);
        assertThat(line.path("readSeq").asLong()).isEqualTo(3);
        assertThat(line.path("unread").asLong()).isEqualTo(1);
        assertNoErrors(bobPhone);
        assertThat(bobTablet.syncLine(conversation).path("readSeq").asLong()).isEqualTo(3);
    }

    @Test
    void read_ofSomeoneElsesSingleChat_isNotMember() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String mallory = server.newUser("mallory");
        devices.connect(alice, "phone").sendAndAck("m1", bob, "private");
        WireClient malloryPhone = devices.connect(mallory, "phone");

        malloryPhone.read(Groups.single(alice, bob), 1);

        assertThat(malloryPhone.error("read").path("code").asString()).isEqualTo("NOT_MEMBER");
        malloryPhone.roundTrip();
    }

    @Test
    void read_ofAGroupTheUserIsNotIn_isNotMember() {
        String alice = server.newUser("alice");
        String mallory = server.newUser("mallory");
        String groupId = groups.create(alice, server.newUser("bob"));
        devices.connect(alice, "phone").sendToGroupAndAck("m1", groupId, "members only");
        WireClient malloryPhone = devices.connect(mallory, "phone");

        malloryPhone.read(Groups.conversation(groupId), 1);

        assertThat(malloryPhone.error("read").path("code").asString()).isEqualTo("NOT_MEMBER");
    }

    @Test
    void read_byARemovedGroupMember_isNotMember() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String groupId = groups.create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient bobPhone = devices.connect(bob, "phone");
        devices.connect(alice, "phone").sendToGroupAndAck("a1", groupId, "one");
        devices.connect(alice, "laptop").sendToGroupAndAck("a2", groupId, "two");
        bobPhone.read(conversation, 1);
        bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 1, "readSeq 1");

        groups.remove(alice, groupId, bob);
        bobPhone.read(conversation, 2);

        assertThat(bobPhone.error("read").path("code").asString()).isEqualTo("NOT_MEMBER");
    }

    @Test
    void read_withoutSeq_isMissingField_andWithATextSeq_isInvalidField() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "x");

        alicePhone.sendRaw("{\"type\":\"read\",\"conversationId\":\"" + conversation + "\"}");
        assertThat(alicePhone.error("read").path("code").asString()).isEqualTo("MISSING_FIELD");
        alicePhone.sendRaw("{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"seq\":\"1\"}");
        assertThat(alicePhone.error("read").path("code").asString()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void readReceipt_goesToTheReadersOtherDevices_andTheSingleChatPeer_butNotToTheReadingDevice() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient aliceLaptop = devices.connect(alice, "laptop");
        WireClient bobPhone = devices.connect(bob, "phone");
        bobPhone.sendAndAck("b1", alice, "one");
        bobPhone.sendAndAck("b2", alice, "two");

        alicePhone.read(conversation, 2);

        assertReceipt(aliceLaptop.take("read_receipt", by(alice)), conversation, alice, 2);
        assertReceipt(bobPhone.take("read_receipt", by(alice)), conversation, alice, 2);

        // The phone's first receipt must be for the laptop's later read, not its own.
        bobPhone.sendAndAck("b3", alice, "three");
        aliceLaptop.read(conversation, 3);
        assertReceipt(alicePhone.take("read_receipt", by(alice)), conversation, alice, 3);
        assertReceipt(bobPhone.take("read_receipt", by(alice)), conversation, alice, 3);
        assertThat(alicePhone.received("read_receipt")).filteredOn(by(alice)).hasSize(1);
        assertThat(aliceLaptop.received("read_receipt")).filteredOn(by(alice)).as("the laptop read seq 3 itself")
                .hasSize(1);
    }

    @Test
    void readReceipt_inAGroup_goesToTheReadersOtherDevices_notToOtherMembers() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String groupId = groups.create(alice, bob, carol);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient aliceLaptop = devices.connect(alice, "laptop");
        WireClient bobPhone = devices.connect(bob, "phone");
        WireClient bobTablet = devices.connect(bob, "tablet");
        WireClient carolPhone = devices.connect(carol, "phone");
        WireClient carolTablet = devices.connect(carol, "tablet");
        alicePhone.sendToGroupAndAck("a1", groupId, "one");
        alicePhone.sendToGroupAndAck("a2", groupId, "two");

        bobPhone.read(conversation, 2);
        assertReceipt(bobTablet.take("read_receipt", by(bob)), conversation, bob, 2);

        // Barriers: each other member's first receipt must be its own other device's read, which
        // happens after bob's receipt went out. Alice's read seq is already 2 (she sent 1 and 2, and
        // a read that moves nothing sends no receipt), so she reads carol's seq 3.
        carolTablet.read(conversation, 2);
        assertReceipt(carolPhone.take("read_receipt", by(carol)), conversation, carol, 2);
        carolTablet.sendToGroupAndAck("c1", groupId, "three");
        aliceLaptop.read(conversation, 3);
        assertReceipt(alicePhone.take("read_receipt", by(alice)), conversation, alice, 3);

        assertThat(carolPhone.received("read_receipt")).extracting(r -> r.path("userId").asString()).containsOnly(carol);
        assertThat(alicePhone.received("read_receipt")).extracting(r -> r.path("userId").asString()).containsOnly(alice);
        assertThat(bobPhone.received("read_receipt")).as("the reading device itself").isEmpty();
    }

    @Test
    void readsAndReadReceipts_areCountedOnTheMetricsEndpoint() {
        Metrics metrics = new Metrics(server);
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient aliceLaptop = devices.connect(alice, "laptop");
        WireClient bobPhone = devices.connect(bob, "phone");
        bobPhone.sendAndAck("b1", alice, "one");
        long reads = metrics.value("imlab_reads_total");
        long receipts = metrics.value("imlab_read_receipts_total");

        alicePhone.read(conversation, 1);

        aliceLaptop.take("read_receipt", by(alice));
        bobPhone.take("read_receipt", by(alice));
        metrics.awaitAtLeast("imlab_reads_total", reads + 1);
        metrics.awaitAtLeast("imlab_read_receipts_total", receipts + 2); // counted per device
    }

    private static java.util.function.Predicate<JsonNode> by(String reader) {
        return r -> reader.equals(r.path("userId").asString());
    }

    private static void assertReceipt(JsonNode receipt, String conversation, String reader, long seq) {
        assertThat(receipt.path("type").asString()).isEqualTo("read_receipt");
        assertThat(receipt.path("conversationId").asString()).as("%s", receipt).isEqualTo(conversation);
        assertThat(receipt.path("userId").asString()).as("%s", receipt).isEqualTo(reader);
        assertThat(receipt.path("seq").isIntegralNumber()).as("%s", receipt).isTrue();
        assertThat(receipt.path("seq").asLong()).as("%s", receipt).isEqualTo(seq);
    }

    @Test
    void groupMember_readSeqStartsAtItsJoinFloor_soEarlierMessagesAreNotUnread() {
        // v2-design.md: "a group member's readSeq starts at its join floor".
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String dave = server.newUser("dave");
        String groupId = groups.create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        for (int i = 1; i <= 3; i++) {
            alicePhone.sendToGroupAndAck("a" + i, groupId, "before dave " + i);
        }
        groups.add(alice, groupId, dave);
        WireClient davePhone = devices.connect(dave, "phone");

        JsonNode line = davePhone.syncLine(conversation);
        assertThat(line.path("maxSeq").asLong()).isEqualTo(3);
        assertThat(line.path("readSeq").asLong()).isEqualTo(3);
        assertThat(line.path("unread").asLong()).isZero();

        alicePhone.sendToGroupAndAck("a4", groupId, "after dave");
        alicePhone.sendToGroupAndAck("a5", groupId, "after dave");
        line = davePhone.awaitSyncLine(conversation, l -> l.path("maxSeq").asLong() == 5, "maxSeq 5");
        assertThat(line.path("readSeq").asLong()).isEqualTo(3);
        assertThat(line.path("unread").asLong()).isEqualTo(2);
    }

    @Test
    void peerReadSeq_onSingleChatLines_showsTheOtherUsersRead_andIsAbsentForGroups() {
        // v2-design.md extra: single-chat sync lines carry the peer's read seq.
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        String groupId = groups.create(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "a", 3);
        alicePhone.sendToGroupAndAck("g1", groupId, "group");
        WireClient bobPhone = devices.connect(bob, "phone");

        assertThat(alicePhone.syncLine(conversation).path("peerReadSeq").asLong()).isZero();
        bobPhone.read(conversation, 2);

        JsonNode line = alicePhone.awaitSyncLine(conversation, l -> l.path("peerReadSeq").asLong() == 2, "peerReadSeq 2");
        assertThat(line.path("readSeq").asLong()).isEqualTo(3);
        assertThat(bobPhone.syncLine(conversation).path("peerReadSeq").asLong()).as("alice sent up to 3").isEqualTo(3);
        assertThat(alicePhone.syncLine(Groups.conversation(groupId)).has("peerReadSeq")).isFalse();
    }
}
