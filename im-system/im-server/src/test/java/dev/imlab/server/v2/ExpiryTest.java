package dev.imlab.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.testsupport.MutableClock;
import dev.imlab.server.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md v2, "Expiry", on the wire: messages live {@code imlab.retention.message-ttl} (10 s
 * here) and then no {@code pull} returns them; {@code minSeq} in {@code sync_result} and
 * {@code pull_result} says where the pullable seqs start; a seq is never reused, even once
 * everything expired; {@code unread} counts only what can still be pulled.
 *
 * <p>One server for the class on a {@link MutableClock}: time passes by {@code advance}, never
 * by sleeping. Every advance past the TTL expires every message the class stored before it, so
 * each test works on conversations of its own. A test stores its messages at two instants 6 s
 * apart and then moves 5 s on: the first ones are 11 s old (expired), the others 5 s (alive).
 * The reaper runs every (real) second: pulls must be exact whether it already deleted the expired
 * messages or not.
 */
class ExpiryTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration FIRST_STEP = Duration.ofSeconds(6);
    private static final Duration SECOND_STEP = Duration.ofSeconds(5); // 11 s after the first step: past the TTL
    private static final MutableClock CLOCK = new MutableClock();
    /** Messages this class stored on its server (send_acks seen): all of them once the clock passed the TTL. */
    private static final AtomicLong STORED = new AtomicLong();
    private static TestServer server;
    private static Metrics metrics;

    @AutoClose
    private final WireDevices devices = new WireDevices(() -> server);

    @BeforeAll
    static void startServer() {
        server = TestServer.start(CLOCK, "imlab.retention.message-ttl=10s", "imlab.retention.reap-interval=1s");
        metrics = new Metrics(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Sends {@code count} messages and waits for each send_ack; returns the seqs. */
    private static List<Long> sendMany(WireClient from, String to, String prefix, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            seqs.add(from.sendAndAck(prefix + i, to, prefix + " body " + i).path("seq").asLong());
            STORED.incrementAndGet();
        }
        return seqs;
    }

    private static List<Long> sendManyToGroup(WireClient from, String groupId, String prefix, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            seqs.add(from.sendToGroupAndAck(prefix + i, groupId, prefix + " body " + i).path("seq").asLong());
            STORED.incrementAndGet();
        }
        return seqs;
    }

    private static List<Long> seqs(JsonNode pullResult) {
        List<Long> seqs = new ArrayList<>();
        pullResult.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    private static void assertLine(JsonNode line, long maxSeq, long minSeq, long readSeq, long unread) {
        assertThat(line).as("the conversation is listed in sync_result").isNotNull();
        for (String field : List.of("maxSeq", "minSeq", "readSeq", "unread")) {
            assertThat(line.path(field).isIntegralNumber()).as("%s is a number in %s", field, line).isTrue();
        }
        assertThat(line.path("maxSeq").asLong()).as("maxSeq in %s", line).isEqualTo(maxSeq);
        assertThat(line.path("minSeq").asLong()).as("minSeq in %s", line).isEqualTo(minSeq);
        assertThat(line.path("readSeq").asLong()).as("readSeq in %s", line).isEqualTo(readSeq);
        assertThat(line.path("unread").asLong()).as("unread in %s", line).isEqualTo(unread);
    }

    private static void assertPull(JsonNode pullResult, long minSeq, Long... seqs) {
        assertThat(pullResult.path("minSeq").isIntegralNumber()).as("minSeq in %s", pullResult).isTrue();
        assertThat(pullResult.path("minSeq").asLong()).as("minSeq in %s", pullResult).isEqualTo(minSeq);
        assertThat(seqs(pullResult)).as("seqs of %s", pullResult).containsExactly(seqs);
    }

    @Test
    void beforeAnythingExpires_minSeqIsOne_inSyncAndPull() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        sendMany(devices.connect(alice, "phone"), bob, "m", 2);
        WireClient bobPhone = devices.connect(bob, "phone");
        CLOCK.advance(TTL.minusSeconds(1));

        assertLine(bobPhone.syncLine(conversation), 2, 1, 0, 2);
        assertPull(bobPhone.pull(conversation, 1, 2), 1, 1L, 2L);
    }

    @Test
    void aMessage_canBePulledUntilExactlyTtlAfterItsServerTime_andFromThenOnNot() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        long serverTime = alicePhone.sendAndAck("m1", bob, "ten seconds").path("serverTime").asLong();
        STORED.incrementAndGet();
        WireClient bobPhone = devices.connect(bob, "phone");
        CLOCK.advance(Duration.ofMillis(serverTime + TTL.toMillis() - 1 - CLOCK.millis()));

        assertPull(bobPhone.pull(conversation, 1, 1), 1, 1L);
        assertLine(bobPhone.syncLine(conversation), 1, 1, 0, 1);
        CLOCK.advance(Duration.ofMillis(1)); // "from that moment on no pull returns it"
        assertPull(bobPhone.pull(conversation, 1, 1), 2);
        assertLine(bobPhone.syncLine(conversation), 1, 2, 0, 0);
    }

    @Test
    void anExpiredPrefix_isNeverPulled_andMinSeqSaysWhereThePullableSeqsStart() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "old", 3);
        CLOCK.advance(FIRST_STEP);
        sendMany(alicePhone, bob, "new", 2);
        WireClient bobPhone = devices.connect(bob, "phone");

        CLOCK.advance(SECOND_STEP);

        // Pulled at once (the reaper has most likely not run yet) and below, once it has.
        assertPull(bobPhone.pull(conversation, 1, 5), 4, 4L, 5L);
        assertPull(bobPhone.pull(conversation, 1, 3), 4);
        assertPull(bobPhone.pull(conversation, 2, 4), 4, 4L);
        assertLine(bobPhone.syncLine(conversation), 5, 4, 0, 2);
        assertLine(alicePhone.syncLine(conversation), 5, 4, 5, 0);
        JsonNode kept = bobPhone.pull(conversation, 4, 4).path("messages").get(0);
        assertThat(kept.path("body").asString()).isEqualTo("new body 1");
        assertThat(kept.path("from").asString()).isEqualTo(alice);
    }

    @Test
    void whenEverythingExpired_minSeqIsMaxSeqPlusOne_theReaperReclaimsIt_andTheNextMessageGetsMaxSeqPlusOne() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "m", 3);
        WireClient bobPhone = devices.connect(bob, "phone");
        long storedSoFar = STORED.get();

        CLOCK.advance(TTL.plusSeconds(1));

        assertPull(bobPhone.pull(conversation, 1, 3), 4);
        assertLine(bobPhone.syncLine(conversation), 3, 4, 0, 0);
        // Every message this class stored is past the TTL now: the reaper deletes each of them once.
        assertThat(metrics.await("imlab_expiry_reclaimed_total", v -> v >= storedSoFar, WireClient.WAIT,
                "every stored message (" + storedSoFar + ")")).isEqualTo(storedSoFar);
        assertPull(bobPhone.pull(conversation, 1, 10), 4);
        assertLine(bobPhone.syncLine(conversation), 3, 4, 0, 0);

        JsonNode ack = alicePhone.sendAndAck("after", bob, "a new start");
        STORED.incrementAndGet();

        assertThat(ack.path("seq").asLong()).as("seq 4: seqs are never reused").isEqualTo(4);
        bobPhone.awaitPushNanos(conversation, 4);
        assertPull(bobPhone.pull(conversation, 1, 10), 4, 4L);
        assertLine(bobPhone.syncLine(conversation), 4, 4, 0, 1);
        assertLine(alicePhone.syncLine(conversation), 4, 4, 4, 0);
    }

    @Test
    void aSendRepeatedAfterItsMessageExpired_getsTheOriginalSendAck_andStoresNothing() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        JsonNode original = alicePhone.sendAndAck("m1", bob, "once only");
        STORED.incrementAndGet();

        CLOCK.advance(TTL.plusSeconds(1));
        JsonNode repeat = alicePhone.sendAndAck("m1", bob, "once only");

        assertThat(repeat).as("PROTOCOL.md rule 5, whatever expired since").isEqualTo(original);
        assertLine(alicePhone.syncLine(conversation), 1, 2, 1, 0);
        assertThat(alicePhone.sendAndAck("m2", bob, "next").path("seq").asLong()).isEqualTo(2);
        STORED.incrementAndGet();
    }

    @Test
    void aDeviceOfflineLongerThanTheTtl_seesTheConversation_withNothingToPullAndNothingUnread() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        sendMany(devices.connect(alice, "phone"), bob, "m", 2);

        CLOCK.advance(TTL.plusSeconds(1));
        WireClient bobPhone = devices.connect(bob, "phone");

        JsonNode line = bobPhone.syncLine(conversation);
        assertLine(line, 2, 3, 0, 0);
        assertThat(line.path("ackedSeq").asLong()).isZero();
        assertPull(bobPhone.pull(conversation, 1, 2), 3);
    }

    @Test
    void aGroupWhoseMessagesAllExpired_showsMinSeqMaxSeqPlusOne_toANewMember_whoseNextMessageIsUnread() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String dave = server.newUser("dave");
        Groups groups = new Groups(server);
        String groupId = groups.create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendManyToGroup(alicePhone, groupId, "g", 3);

        CLOCK.advance(TTL.plusSeconds(1));
        groups.add(alice, groupId, dave);
        WireClient davePhone = devices.connect(dave, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");

        assertLine(davePhone.syncLine(conversation), 3, 4, 3, 0);
        assertLine(bobPhone.syncLine(conversation), 3, 4, 0, 0);
        assertThat(alicePhone.sendToGroupAndAck("g4", groupId, "after").path("seq").asLong()).isEqualTo(4);
        STORED.incrementAndGet();
        davePhone.awaitPushNanos(conversation, 4);
        assertLine(davePhone.syncLine(conversation), 4, 4, 3, 1);
        assertPull(davePhone.pull(conversation, 1, 4), 4, 4L);
    }

    @Test
    void unread_countsOnlyMessagesThatCanStillBePulled_andAReadBelowMinSeqIsKept() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "old", 4);
        CLOCK.advance(FIRST_STEP);
        sendMany(alicePhone, bob, "new", 2); // seqs 5 and 6
        WireClient bobPhone = devices.connect(bob, "phone");
        bobPhone.read(conversation, 2);
        bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 2, "readSeq 2");
        assertLine(bobPhone.syncLine(conversation), 6, 1, 2, 4);

        CLOCK.advance(SECOND_STEP); // seqs 1..4 expire

        // unread = maxSeq - max(readSeq, minSeq - 1) = 6 - max(2, 4)
        assertLine(bobPhone.syncLine(conversation), 6, 5, 2, 2);
        bobPhone.read(conversation, 3); // expired, but not beyond the last seq: a valid read
        bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3, "readSeq 3");
        assertLine(bobPhone.syncLine(conversation), 6, 5, 3, 2);
        bobPhone.read(conversation, 5);
        bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 5, "readSeq 5");
        assertLine(bobPhone.syncLine(conversation), 6, 5, 5, 1);
        assertThat(bobPhone.received("error")).isEmpty();
    }

    @Test
    void unreadInAGroup_countsOnlyUnexpiredMessages_andNeverTheMembersOwn() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String groupId = new Groups(server).create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");
        sendManyToGroup(alicePhone, groupId, "old", 3);
        CLOCK.advance(FIRST_STEP);
        sendManyToGroup(alicePhone, groupId, "new", 1); // seq 4
        sendManyToGroup(bobPhone, groupId, "bob", 1); // seq 5: bob's read seq moves to 5

        CLOCK.advance(SECOND_STEP);

        assertLine(alicePhone.syncLine(conversation), 5, 4, 4, 1);
        assertLine(bobPhone.syncLine(conversation), 5, 4, 5, 0);
        assertPull(alicePhone.pull(conversation, 1, 5), 4, 4L, 5L);
    }

    @Test
    void expiryWhileADeviceIsMidPull_laterPagesSkipTheExpiredSeqs_withoutAHoleOrARepeat() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "old", 5);
        CLOCK.advance(FIRST_STEP);
        sendMany(alicePhone, bob, "new", 5); // seqs 6..10
        WireClient bobPhone = devices.connect(bob, "phone");

        JsonNode first = bobPhone.pull(conversation, 1, 10, 3);
        CLOCK.advance(SECOND_STEP); // seqs 1..5 expire between bob's pages
        JsonNode second = bobPhone.pull(conversation, 4, 10, 3);
        JsonNode third = bobPhone.pull(conversation, 9, 10, 3);

        assertPull(first, 1, 1L, 2L, 3L);
        assertPull(second, 6, 6L, 7L, 8L);
        assertPull(third, 6, 9L, 10L);
        assertLine(bobPhone.syncLine(conversation), 10, 6, 0, 5);
    }

    @Test
    void expiryWhileADeviceIsMidPull_afterTheReaperRan_givesTheSamePages() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        sendMany(alicePhone, bob, "old", 4);
        CLOCK.advance(FIRST_STEP);
        sendMany(alicePhone, bob, "new", 3); // seqs 5..7
        WireClient bobPhone = devices.connect(bob, "phone");
        JsonNode first = bobPhone.pull(conversation, 1, 7, 2);
        long storedBeforeExpiry = STORED.get() - 3; // everything but the three new ones expires now

        CLOCK.advance(SECOND_STEP);
        metrics.await("imlab_expiry_reclaimed_total", v -> v >= storedBeforeExpiry, WireClient.WAIT,
                "every message stored before the last " + SECOND_STEP.toSeconds() + " s");

        assertPull(first, 1, 1L, 2L);
        assertPull(bobPhone.pull(conversation, 3, 7, 2), 5, 5L, 6L);
        assertPull(bobPhone.pull(conversation, 7, 7, 2), 5, 7L);
    }
}
