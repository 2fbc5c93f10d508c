package dev.imlab.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.testsupport.MutableClock;
import dev.imlab.server.support.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md v2, "Recall", on the wire: a recall is a message with a seq and a {@code send_ack} of
 * its own, pushed to every other device; pulls show the target blanked; refusals in the documented
 * order ({@code NOT_MEMBER}, {@code INVALID_FIELD}, {@code FORBIDDEN}, {@code TOO_LATE}); repeats
 * answered with the original {@code send_ack}.
 *
 * <p>One server for the class, on a {@link MutableClock}: the recall window (2 min) closes by
 * advancing the clock, never by sleeping. Messages live 10 min here, so that a message can be past
 * the window and still stored, and also expired.
 */
class RecallTest {
    private static final Duration WINDOW = Duration.ofMinutes(2);
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final MutableClock CLOCK = new MutableClock();
    private static TestServer server;

    @AutoClose
    private final WireDevices devices = new WireDevices(() -> server);
    private Groups groups;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(CLOCK, "imlab.recall.window=2m", "imlab.retention.message-ttl=10m",
                "imlab.retention.reap-interval=1s");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Groups groups() {
        if (groups == null) {
            groups = new Groups(server);
        }
        return groups;
    }

    private static void assertError(JsonNode error, String code, String ref) {
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("code").asString()).as("%s", error).isEqualTo(code);
        assertThat(error.path("ref").asString()).as("%s", error).isEqualTo(ref);
    }

    private static void assertRecallPush(JsonNode push, String conversation, long seq, String from, String clientMsgId,
                                         long recalledSeq) {
        assertThat(push.path("type").asString()).isEqualTo("push");
        assertThat(push.path("conversationId").asString()).as("%s", push).isEqualTo(conversation);
        assertThat(push.path("seq").asLong()).as("%s", push).isEqualTo(seq);
        assertThat(push.path("from").asString()).as("%s", push).isEqualTo(from);
        assertThat(push.path("clientMsgId").asString()).as("%s", push).isEqualTo(clientMsgId);
        assertThat(push.path("kind").asString()).as("%s", push).isEqualTo("recall");
        assertThat(push.path("recalledSeq").asLong()).as("%s", push).isEqualTo(recalledSeq);
        assertThat(push.has("body")).as("%s", push).isTrue();
        assertThat(push.path("body").asString()).as("%s", push).isEmpty();
        assertThat(push.path("serverTime").isIntegralNumber()).as("%s", push).isTrue();
    }

    /** The message of seq {@code seq} in a pull result, failing if it is absent. */
    private static JsonNode message(JsonNode pullResult, long seq) {
        for (JsonNode m : pullResult.path("messages")) {
            if (m.path("seq").asLong() == seq) {
                return m;
            }
        }
        throw new AssertionError("seq " + seq + " not in " + pullResult);
    }

    private static void assertRecalled(JsonNode message, String from, long serverTime) {
        assertThat(message.path("recalled").isBoolean() && message.path("recalled").booleanValue())
                .as("recalled:true in %s", message).isTrue();
        assertThat(message.path("body").asString()).as("%s", message).isEmpty();
        assertThat(message.path("from").asString()).as("%s", message).isEqualTo(from);
        assertThat(message.path("serverTime").asLong()).as("serverTime stays: %s", message).isEqualTo(serverTime);
        assertThat(message.has("kind")).as("still a text message: %s", message).isFalse();
    }

    // ---- accepted recalls ---------------------------------------------------------------

    @Test
    void recall_ofOwnMessageWithinTheWindow_takesTheNextSeq_isAcked_andPushedToEveryOtherDevice() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient aliceLaptop = devices.connect(alice, "laptop");
        WireClient bobPhone = devices.connect(bob, "phone");
        JsonNode sent = alicePhone.sendAndAck("m1", bob, "oops, wrong chat");
        bobPhone.awaitPushes(conversation, 1);
        CLOCK.advance(Duration.ofMinutes(1));

        JsonNode ack = alicePhone.recallAndAck("r1", conversation, 1);

        assertThat(ack.path("conversationId").asString()).isEqualTo(conversation);
        assertThat(ack.path("seq").asLong()).isEqualTo(2);
        assertThat(ack.path("serverTime").asLong()).isGreaterThanOrEqualTo(sent.path("serverTime").asLong());
        JsonNode atBob = bobPhone.awaitPushes(conversation, 2).get(1);
        assertRecallPush(atBob, conversation, 2, alice, "r1", 1);
        assertThat(atBob.path("serverTime").asLong()).isEqualTo(ack.path("serverTime").asLong());
        assertRecallPush(aliceLaptop.awaitPushes(conversation, 2).get(1), conversation, 2, alice, "r1", 1);

        JsonNode pulled = bobPhone.pull(conversation, 1, 2);
        assertRecalled(message(pulled, 1), alice, sent.path("serverTime").asLong());
        JsonNode recall = message(pulled, 2);
        assertThat(recall.path("kind").asString()).isEqualTo("recall");
        assertThat(recall.path("recalledSeq").asLong()).isEqualTo(1);
        assertThat(recall.path("body").asString()).isEmpty();
        assertThat(recall.path("from").asString()).isEqualTo(alice);
        assertThat(bobPhone.syncLine(conversation).path("maxSeq").asLong()).isEqualTo(2);

        // The recalling device gets the send_ack, not a push: its first push is bob's later message.
        bobPhone.sendAndAck("b1", alice, "what was that?");
        alicePhone.awaitPushNanos(conversation, 3);
        assertThat(alicePhone.pushes(conversation)).extracting(p -> p.path("seq").asLong()).containsExactly(3L);
    }

    @Test
    void recall_bySendersOtherDevice_isAllowed_andPushedToTheDeviceThatSentTheMessage() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient aliceLaptop = devices.connect(alice, "laptop");
        alicePhone.sendAndAck("m1", bob, "from the phone");

        aliceLaptop.recallAndAck("r1", conversation, 1);

        assertRecallPush(alicePhone.awaitPushes(conversation, 1).get(0), conversation, 2, alice, "r1", 1);
    }

    @Test
    void recall_justInsideTheWindow_isAccepted() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "hello");
        CLOCK.advance(WINDOW.minusSeconds(1));

        assertThat(alicePhone.recallAndAck("r1", Groups.single(alice, bob), 1).path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void recall_atExactlyTheWindow_isAccepted_andAMillisecondLater_isTooLate() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        long first = alicePhone.sendAndAck("m1", bob, "one").path("serverTime").asLong();
        long second = alicePhone.sendAndAck("m2", bob, "two").path("serverTime").asLong();
        assertThat(second).as("the clock did not move between them").isEqualTo(first);
        CLOCK.advance(Duration.ofMillis(first + WINDOW.toMillis() - CLOCK.millis()));

        assertThat(alicePhone.recallAndAck("r1", conversation, 1).path("seq").asLong()).isEqualTo(3);
        CLOCK.advance(Duration.ofMillis(1));
        assertError(alicePhone.recallRefused("r2", conversation, 2), "TOO_LATE", "r2");
    }

    @Test
    void recall_inAGroup_isPushedToEveryMemberDevice_withTheGroupId() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String groupId = groups().create(alice, bob, carol);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");
        WireClient carolPhone = devices.connect(carol, "phone");
        bobPhone.sendToGroupAndAck("b1", groupId, "wrong group");

        bobPhone.recallAndAck("r1", conversation, 1);

        for (WireClient device : List.of(alicePhone, carolPhone)) {
            JsonNode push = device.awaitPushes(conversation, 2).get(1);
            assertRecallPush(push, conversation, 2, bob, "r1", 1);
            assertThat(push.path("groupId").asString()).isEqualTo(groupId);
        }
        JsonNode pulled = carolPhone.pull(conversation, 1, 2);
        assertThat(message(pulled, 1).path("recalled").asBoolean()).isTrue();
        assertThat(message(pulled, 1).path("groupId").asString()).isEqualTo(groupId);
        assertThat(message(pulled, 2).path("groupId").asString()).isEqualTo(groupId);
    }

    @Test
    void groupOwner_recallsAnyMembersMessage_longAfterTheWindow() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String groupId = groups().create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");
        JsonNode sent = bobPhone.sendToGroupAndAck("b1", groupId, "spam");
        alicePhone.sendToGroupAndAck("a1", groupId, "the owner's own");
        CLOCK.advance(WINDOW.multipliedBy(3)); // 6 min: past the window, not expired (10 min)

        JsonNode ack = alicePhone.recallAndAck("r1", conversation, 1);
        JsonNode ownAck = alicePhone.recallAndAck("r2", conversation, 2);

        assertThat(ack.path("seq").asLong()).isEqualTo(3);
        assertThat(ownAck.path("seq").asLong()).isEqualTo(4);
        assertRecallPush(bobPhone.awaitPushes(conversation, 3).get(1), conversation, 3, alice, "r1", 1);
        assertRecalled(message(bobPhone.pull(conversation, 1, 1), 1), bob, sent.path("serverTime").asLong());
    }

    @Test
    void recallersOwnRecall_isNotUnreadForThem_butIsForThePeer() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "hello");

        alicePhone.recallAndAck("r1", conversation, 1);

        JsonNode aliceLine = alicePhone.awaitSyncLine(conversation, l -> l.path("maxSeq").asLong() == 2, "maxSeq 2");
        assertThat(aliceLine.path("unread").asLong()).isZero();
        JsonNode bobLine = devices.connect(bob, "phone").syncLine(conversation);
        assertThat(bobLine.path("unread").asLong()).as("unread = maxSeq - readSeq counts the recall").isEqualTo(2);
    }

    @Test
    void recallsAndRefusedRecalls_areCountedOnTheMetricsEndpoint() {
        Metrics metrics = new Metrics(server);
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");
        alicePhone.sendAndAck("m1", bob, "one");
        long recalls = metrics.value("imlab_recalls_total");
        long refused = metrics.value("imlab_recalls_refused_total");

        assertError(bobPhone.recallRefused("r1", conversation, 1), "FORBIDDEN", "r1");
        alicePhone.recallAndAck("r2", conversation, 1);

        assertThat(metrics.awaitAtLeast("imlab_recalls_total", recalls + 1)).isEqualTo(recalls + 1);
        assertThat(metrics.awaitAtLeast("imlab_recalls_refused_total", refused + 1)).isEqualTo(refused + 1);
    }

    // ---- the race with delivery ---------------------------------------------------------

    @Test
    void recallRightAfterTheSendAck_reachesThePeerAfterTheMessage_inSeqOrder() {
        for (int round = 1; round <= 5; round++) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            String conversation = Groups.single(alice, bob);
            WireClient alicePhone = devices.connect(alice, "phone");
            WireClient bobPhone = devices.connect(bob, "phone");

            alicePhone.sendAndAck("m1", bob, "gone in a moment");
            alicePhone.recall("r1", conversation, 1);

            assertPeerSawMessageThenRecall(bobPhone, conversation, alice);
            alicePhone.sendAck("r1");
        }
    }

    @Test
    void recallPipelinedBehindItsSend_isEitherRefusedOrOrderedAfterTheMessage() {
        // The seq of the first message of a fresh chat is known (1), so a client may pipeline the
        // recall right behind the send. The contract does not promise the send is stored first,
        // so INVALID_FIELD is acceptable; an accepted recall must be consistent.
        for (int round = 1; round <= 5; round++) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            String conversation = Groups.single(alice, bob);
            WireClient alicePhone = devices.connect(alice, "phone");
            WireClient bobPhone = devices.connect(bob, "phone");

            alicePhone.send("m1", bob, "gone at once");
            alicePhone.recall("r1", conversation, 1);

            assertThat(alicePhone.sendAck("m1").path("seq").asLong()).isEqualTo(1);
            JsonNode answer = alicePhone.take(null, f -> "r1".equals(f.path("clientMsgId").asString())
                    || "r1".equals(f.path("ref").asString()));
            if ("error".equals(answer.path("type").asString())) {
                assertError(answer, "INVALID_FIELD", "r1");
                JsonNode kept = message(bobPhone.pull(conversation, 1, 5), 1);
                assertThat(kept.path("body").asString()).isEqualTo("gone at once");
                assertThat(kept.has("recalled") && kept.path("recalled").asBoolean()).isFalse();
            } else {
                assertThat(answer.path("type").asString()).isEqualTo("send_ack");
                assertThat(answer.path("seq").asLong()).isEqualTo(2);
                assertPeerSawMessageThenRecall(bobPhone, conversation, alice);
            }
        }
    }

    private static void assertPeerSawMessageThenRecall(WireClient peer, String conversation, String sender) {
        List<JsonNode> pushes = peer.awaitPushes(conversation, 2);
        assertThat(pushes).extracting(p -> p.path("seq").asLong()).as("in seq order").containsExactly(1L, 2L);
        assertThat(pushes.get(0).has("kind")).as("%s", pushes.get(0)).isFalse();
        assertRecallPush(pushes.get(1), conversation, 2, sender, "r1", 1);
        JsonNode first = message(peer.pull(conversation, 1, 2), 1);
        assertThat(first.path("recalled").asBoolean()).as("%s", first).isTrue();
        assertThat(first.path("body").asString()).isEmpty();
    }

    @Test
    void twoRecallsOfOneMessage_sentAtOnceFromTwoDevices_oneIsStored_theOtherIsInvalidField() {
        for (int round = 1; round <= 3; round++) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            String conversation = Groups.single(alice, bob);
            WireClient alicePhone = devices.connect(alice, "phone");
            WireClient aliceLaptop = devices.connect(alice, "laptop");
            alicePhone.sendAndAck("m1", bob, "recalled twice?");

            alicePhone.recall("r1", conversation, 1);
            aliceLaptop.recall("r2", conversation, 1);

            JsonNode fromPhone = alicePhone.take(null, f -> "r1".equals(f.path("clientMsgId").asString())
                    || "r1".equals(f.path("ref").asString()));
            JsonNode fromLaptop = aliceLaptop.take(null, f -> "r2".equals(f.path("clientMsgId").asString())
                    || "r2".equals(f.path("ref").asString()));
            List<String> answers = List.of(fromPhone.path("type").asString(), fromLaptop.path("type").asString());
            assertThat(answers).as("phone %s, laptop %s", fromPhone, fromLaptop).containsExactlyInAnyOrder("send_ack", "error");
            JsonNode refusal = "error".equals(fromPhone.path("type").asString()) ? fromPhone : fromLaptop;
            assertThat(refusal.path("code").asString()).isEqualTo("INVALID_FIELD");
            JsonNode ack = "send_ack".equals(fromPhone.path("type").asString()) ? fromPhone : fromLaptop;
            assertThat(ack.path("seq").asLong()).isEqualTo(2);
            JsonNode pulled = alicePhone.pull(conversation, 1, 10);
            assertThat(pulled.path("messages").size()).as("one recall stored: %s", pulled).isEqualTo(2);
        }
    }

    // ---- repeats ------------------------------------------------------------------------

    @Test
    void recallRepeatedWithTheSameClientMsgId_returnsTheOriginalSendAck_andStoresNothing() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "one");
        alicePhone.sendAndAck("m2", bob, "two");
        JsonNode first = alicePhone.recallAndAck("r1", conversation, 1);
        CLOCK.advance(Duration.ofSeconds(5));

        JsonNode again = alicePhone.recallAndAck("r1", conversation, 1);
        JsonNode otherTarget = alicePhone.recallAndAck("r1", conversation, 2); // the first one stands

        assertThat(again).isEqualTo(first);
        assertThat(otherTarget).isEqualTo(first);
        assertThat(alicePhone.sendAndAck("m3", bob, "three").path("seq").asLong()).as("no seq used by the repeats")
                .isEqualTo(4);
        JsonNode pulled = alicePhone.pull(conversation, 1, 4);
        assertThat(message(pulled, 2).path("body").asString()).as("seq 2 not recalled").isEqualTo("two");
        assertThat(pulled.path("messages").size()).isEqualTo(4);
    }

    @Test
    void recallRepeatedAfterTheWindow_returnsTheOriginalSendAck() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "one");
        JsonNode first = alicePhone.recallAndAck("r1", conversation, 1);
        CLOCK.advance(WINDOW.plusMinutes(1));

        assertThat(alicePhone.recallAndAck("r1", conversation, 1)).isEqualTo(first);
    }

    @Test
    void recallOfAnAlreadyRecalledMessage_withAnotherClientMsgId_isInvalidField() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "one");
        alicePhone.recallAndAck("r1", conversation, 1);

        assertError(alicePhone.recallRefused("r2", conversation, 1), "INVALID_FIELD", "r2");
        assertThat(alicePhone.sendAndAck("m2", bob, "two").path("seq").asLong()).as("the refusal used no seq").isEqualTo(3);
    }

    @Test
    void recallReusingTheClientMsgIdOfASend_returnsThatSendAck_andRecallsNothing() {
        // Rule 5: dedupe is by sender + clientMsgId; a recall is deduplicated "like send".
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        JsonNode sent = alicePhone.sendAndAck("m1", bob, "one");

        assertThat(alicePhone.recallAndAck("m1", conversation, 1)).isEqualTo(sent);
        JsonNode kept = message(alicePhone.pull(conversation, 1, 5), 1);
        assertThat(kept.path("body").asString()).isEqualTo("one");
        assertThat(alicePhone.pull(conversation, 1, 5).path("messages").size()).isEqualTo(1);
    }

    // ---- refusals -----------------------------------------------------------------------

    @Test
    void recallOfARecall_isInvalidField() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "one");
        alicePhone.recallAndAck("r1", conversation, 1);

        assertError(alicePhone.recallRefused("r2", conversation, 2), "INVALID_FIELD", "r2");
        alicePhone.roundTrip();
    }

    @Test
    void recallOfARecallBySomeoneElse_isInvalidField_beforeForbidden() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");
        alicePhone.sendAndAck("m1", bob, "one");
        alicePhone.recallAndAck("r1", conversation, 1);

        assertError(bobPhone.recallRefused("r9", conversation, 2), "INVALID_FIELD", "r9");
    }

    @Test
    void recallOfASeqThatDoesNotExist_isInvalidField() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "one");

        assertError(alicePhone.recallRefused("r1", conversation, 2), "INVALID_FIELD", "r1");
        assertError(alicePhone.recallRefused("r2", conversation, 99), "INVALID_FIELD", "r2");
        assertError(alicePhone.recallRefused("r3", conversation, 0), "INVALID_FIELD", "r3");
        assertThat(alicePhone.sendAndAck("m2", bob, "two").path("seq").asLong()).as("the refusals used no seq")
                .isEqualTo(2);
    }

    @Test
    void recallOfSomeoneElsesMessage_inAChatTheUserIsIn_isForbidden() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        devices.connect(alice, "phone").sendAndAck("m1", bob, "mine");
        WireClient bobPhone = devices.connect(bob, "phone");

        assertError(bobPhone.recallRefused("r1", conversation, 1), "FORBIDDEN", "r1");
        JsonNode kept = message(bobPhone.pull(conversation, 1, 1), 1);
        assertThat(kept.path("body").asString()).isEqualTo("mine");
    }

    @Test
    void recallOfAnotherMembersGroupMessage_byANonOwner_isForbidden() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String groupId = groups().create(alice, bob, carol);
        devices.connect(carol, "phone").sendToGroupAndAck("c1", groupId, "carol's");
        WireClient bobPhone = devices.connect(bob, "phone");

        assertError(bobPhone.recallRefused("r1", Groups.conversation(groupId), 1), "FORBIDDEN", "r1");
    }

    @Test
    void recallOfOwnMessageAfterTheWindow_isTooLate() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "old news");
        CLOCK.advance(WINDOW.plusSeconds(1));

        assertError(alicePhone.recallRefused("r1", conversation, 1), "TOO_LATE", "r1");
        assertThat(message(alicePhone.pull(conversation, 1, 1), 1).path("body").asString()).isEqualTo("old news");
    }

    @Test
    void recallOfOwnGroupMessageAfterTheWindow_byAMember_isTooLate() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String groupId = groups().create(alice, bob);
        WireClient bobPhone = devices.connect(bob, "phone");
        bobPhone.sendToGroupAndAck("b1", groupId, "old news");
        CLOCK.advance(WINDOW.plusSeconds(1));

        assertError(bobPhone.recallRefused("r1", Groups.conversation(groupId), 1), "TOO_LATE", "r1");
    }

    @Test
    void recallOfSomeoneElsesMessageAfterTheWindow_isForbidden_notTooLate() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        devices.connect(alice, "phone").sendAndAck("m1", bob, "mine");
        WireClient bobPhone = devices.connect(bob, "phone");
        CLOCK.advance(WINDOW.plusMinutes(1));

        assertError(bobPhone.recallRefused("r1", conversation, 1), "FORBIDDEN", "r1");
    }

    @Test
    void recallOfAnExpiredMessage_isInvalidField_notTooLate() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "long gone");
        CLOCK.advance(TTL.plusSeconds(1));

        assertError(alicePhone.recallRefused("r1", conversation, 1), "INVALID_FIELD", "r1");
    }

    @Test
    void recallByAnOutsider_isNotMember_evenForASeqThatDoesNotExist() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String mallory = server.newUser("mallory");
        String conversation = Groups.single(alice, bob);
        devices.connect(alice, "phone").sendAndAck("m1", bob, "private");
        WireClient malloryPhone = devices.connect(mallory, "phone");

        assertError(malloryPhone.recallRefused("r1", conversation, 1), "NOT_MEMBER", "r1");
        assertError(malloryPhone.recallRefused("r2", conversation, 99), "NOT_MEMBER", "r2");
        String groupId = groups().create(alice, bob);
        assertError(malloryPhone.recallRefused("r3", Groups.conversation(groupId), 1), "NOT_MEMBER", "r3");
    }

    @Test
    void recallByARemovedGroupMember_isNotMember() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String groupId = groups().create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient bobPhone = devices.connect(bob, "phone");
        bobPhone.sendToGroupAndAck("b1", groupId, "my last words");

        groups().remove(alice, groupId, bob);

        assertError(bobPhone.recallRefused("r1", conversation, 1), "NOT_MEMBER", "r1");
        JsonNode kept = message(devices.connect(alice, "phone").pull(conversation, 1, 1), 1);
        assertThat(kept.path("body").asString()).isEqualTo("my last words");
    }

    @Test
    void recallWithoutSeq_isMissingField_withTheClientMsgIdAsRef() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "one");

        alicePhone.sendRaw("{\"type\":\"recall\",\"clientMsgId\":\"r1\",\"conversationId\":\""
                + Groups.single(alice, bob) + "\"}");

        assertError(alicePhone.error("r1"), "MISSING_FIELD", "r1");
    }
}
