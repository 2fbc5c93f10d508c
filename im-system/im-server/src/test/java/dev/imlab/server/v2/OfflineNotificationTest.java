package dev.imlab.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.testsupport.MutableClock;
import dev.imlab.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md v2, "Offline notifications", seen from the push provider's side: a webhook in this
 * test ({@link WebhookReceiver}) gets signed {@code {"notifications":[...]}} requests for member
 * users with no connected device, never for the sender or a connected user, at most 100 per
 * request; a webhook that fails, hangs or is down costs no message and no push latency, and its
 * requests are retried, then dropped and counted.
 *
 * <p>One server and one receiver for the class. The server gives up on a request after 500 ms
 * and retries after 50 ms, 100 ms, 200 ms (four attempts), so failures play out in about a
 * second. Each test has users of its own and tells the receiver how to answer requests that
 * mention them; everything else is answered 200.
 *
 * <p>The server's clock is a {@link MutableClock} with a 10 s TTL, for the unread count of a
 * conversation whose first messages expired.
 *
 * <p>"Not notified" is checked with {@code imlab_notifications_queued_total}: the push role counts
 * a message's notifications in the same step that pushes it, so once a device has a push, the
 * counter holds every notification queued for that message.
 */
class OfflineNotificationTest {
    private static final String SECRET = "wiretests-secret-\u00e9";
    private static final long WAIT_MS = 15_000;
    /** Moves only for the unread count of expired messages; the webhook's timeouts are real time. */
    private static final MutableClock CLOCK = new MutableClock();
    private static WebhookReceiver receiver;
    private static TestServer server;
    private static Metrics metrics;

    @AutoClose
    private final WireDevices devices = new WireDevices(() -> server);

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        server = TestServer.start(CLOCK, "imlab.offline-push.webhook-url=" + receiver.url(),
                "imlab.retention.message-ttl=10s",
                "imlab.offline-push.secret=" + SECRET,
                "imlab.offline-push.timeout=500ms",
                "imlab.offline-push.first-retry-delay=50ms",
                "imlab.offline-push.max-attempts=4");
        metrics = new Metrics(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @AfterEach
    void cleanUp() {
        receiver.reset();
    }

    private static Predicate<JsonNode> forUser(String userId) {
        return n -> userId.equals(n.path("userId").asString());
    }

    private static Predicate<JsonNode> forMessage(String userId, String conversationId, long seq) {
        return n -> userId.equals(n.path("userId").asString()) && conversationId.equals(n.path("conversationId").asString())
                && n.path("seq").asLong() == seq;
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSigned(WebhookReceiver.Request request) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.signature()).as("X-Imlab-Signature of %s", request.body())
                .isEqualTo(hmac(request.rawBody()));
        assertThat(request.body().path("notifications").isArray()).as("%s", request.body()).isTrue();
    }

    /** The notification in a request, checking the fields every notification has. */
    private static JsonNode notification(WebhookReceiver.Request request, Predicate<JsonNode> which) {
        JsonNode n = request.notifications().stream().filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no such notification in " + request.body()));
        assertThat(n.path("id").asString()).as("id of %s", n).isEqualTo(n.path("userId").asString() + "/"
                + n.path("conversationId").asString() + "/" + n.path("seq").asLong());
        assertThat(n.path("seq").isIntegralNumber()).as("seq of %s", n).isTrue();
        assertThat(n.path("unread").isIntegralNumber()).as("unread of %s", n).isTrue();
        assertThat(n.path("from").isString()).as("from of %s", n).isTrue();
        assertThat(n.path("preview").isString()).as("preview of %s", n).isTrue();
        return n;
    }

    private static List<String> userIdsNotifiedOf(String conversationId) {
        return receiver.notifications(n -> conversationId.equals(n.path("conversationId").asString())).stream()
                .map(n -> n.path("userId").asString()).distinct().toList();
    }

    @Test
    void anOfflineUser_getsASignedNotification_withTheDocumentedFields_andItsUnreadCount() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");

        alicePhone.sendAndAck("m1", bob, "h\u00e9llo bob \ud83d\udc4b");
        long acked = System.nanoTime();

        WebhookReceiver.Request request = receiver.awaitRequests(forMessage(bob, conversation, 1), 1, WAIT_MS).get(0);
        assertThat(request.nanos() - acked).as("held back no more than 1 s (plus slack for a busy machine)")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(2_500));
        assertSigned(request);
        assertThat(request.contentType()).startsWith("application/json");
        JsonNode n = notification(request, forMessage(bob, conversation, 1));
        assertThat(n.path("id").asString()).isEqualTo(bob + "/" + conversation + "/1");
        assertThat(n.path("userId").asString()).isEqualTo(bob);
        assertThat(n.path("conversationId").asString()).isEqualTo(conversation);
        assertThat(n.path("seq").asLong()).isEqualTo(1);
        assertThat(n.path("from").asString()).isEqualTo(alice);
        assertThat(n.path("preview").asString()).isEqualTo("h\u00e9llo bob \ud83d\udc4b");
        assertThat(n.path("unread").asLong()).isEqualTo(1);
        assertThat(n.has("groupId")).as("a single chat has no groupId: %s", n).isFalse();
        assertThat(n.has("kind")).as("a text message has no kind: %s", n).isFalse();

        alicePhone.sendAndAck("m2", bob, "second");
        JsonNode second = notification(receiver.awaitRequests(forMessage(bob, conversation, 2), 1, WAIT_MS).get(0),
                forMessage(bob, conversation, 2));
        assertThat(second.path("unread").asLong()).isEqualTo(2);
        assertThat(userIdsNotifiedOf(conversation)).as("never the sender").containsOnly(bob);
    }

    @Test
    void preview_isAtMostTheFirst100Characters_andNeverSplitsOne() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        String ascii = "x".repeat(150);
        String emoji = "a" + "\ud83d\ude00".repeat(150); // char 100 would be the first half of an emoji

        alicePhone.sendAndAck("m1", bob, ascii);
        alicePhone.sendAndAck("m2", bob, emoji);

        List<JsonNode> both = receiver.awaitDistinct(n -> conversation.equals(n.path("conversationId").asString()), 2, WAIT_MS);
        for (JsonNode n : both) {
            String body = n.path("seq").asLong() == 1 ? ascii : emoji;
            String preview = n.path("preview").asString();
            assertThat(preview.codePointCount(0, preview.length())).as("%s", n).isBetween(1, 100);
            assertThat(body).as("the preview is the start of the body").startsWith(preview);
            assertThat(Character.isHighSurrogate(preview.charAt(preview.length() - 1))).as("half an emoji").isFalse();
        }
    }

    @Test
    void aGroupMessage_notifiesEveryOfflineMember_withTheGroupId_butNoConnectedMemberAndNotTheSender() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String dave = server.newUser("dave");
        String groupId = new Groups(server).create(alice, bob, carol, dave);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobPhone = devices.connect(bob, "phone");
        long queued = metrics.value("imlab_notifications_queued_total");
        long sent = metrics.value("imlab_notifications_sent_total");

        alicePhone.sendToGroupAndAck("a1", groupId, "hello, group");

        bobPhone.awaitPushes(conversation, 1);
        List<JsonNode> notified = receiver.awaitDistinct(n -> conversation.equals(n.path("conversationId").asString()),
                2, WAIT_MS);
        assertThat(notified).extracting(n -> n.path("userId").asString()).containsExactlyInAnyOrder(carol, dave);
        for (JsonNode n : notified) {
            assertThat(n.path("groupId").asString()).as("%s", n).isEqualTo(groupId);
            assertThat(n.path("from").asString()).isEqualTo(alice);
            assertThat(n.path("seq").asLong()).isEqualTo(1);
            assertThat(n.path("preview").asString()).isEqualTo("hello, group");
            assertThat(n.path("unread").asLong()).isEqualTo(1);
            assertThat(n.has("kind")).isFalse();
        }
        for (WebhookReceiver.Request request : receiver.requestsWith(n -> conversation.equals(n.path("conversationId").asString()))) {
            assertSigned(request);
        }
        assertThat(metrics.value("imlab_notifications_queued_total")).as("carol and dave only").isEqualTo(queued + 2);
        metrics.awaitAtLeast("imlab_notifications_sent_total", sent + 2);
        assertThat(userIdsNotifiedOf(conversation)).containsExactlyInAnyOrder(carol, dave);
    }

    @Test
    void aSenderWhoDisconnectsRightAfterSending_isNotNotifiedOfTheirOwnMessage() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String groupId = new Groups(server).create(alice, bob, carol);
        String conversation = Groups.conversation(groupId);
        WireClient carolPhone = devices.connect(carol, "phone"); // online: sees each message stored, is not notified
        for (int round = 1; round <= 3; round++) {
            WireClient alicePhone = WireClient.connect(server, alice, "phone");
            alicePhone.sendToGroup("a" + round, groupId, "and gone " + round);
            alicePhone.closeGracefully(); // alice most likely has no connected device when her message is pushed
            alicePhone.close();

            carolPhone.awaitPushNanos(conversation, round);
            receiver.awaitRequests(forMessage(bob, conversation, round), 1, WAIT_MS);
        }
        assertThat(userIdsNotifiedOf(conversation)).containsOnly(bob);
    }

    @Test
    void aUserConnectedOnAnyDevice_isNotNotified() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient bobTablet = devices.connect(bob, "tablet");
        long queued = metrics.value("imlab_notifications_queued_total");

        alicePhone.sendAndAck("m1", bob, "you are online");

        bobTablet.awaitPushes(conversation, 1);
        assertThat(metrics.value("imlab_notifications_queued_total")).isEqualTo(queued);
        assertThat(userIdsNotifiedOf(conversation)).isEmpty();
    }

    @Test
    void aRecall_isNotifiedToOfflineMembers_withKindRecall_andAnEmptyPreview() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        alicePhone.sendAndAck("m1", bob, "oops");

        alicePhone.recallAndAck("r1", conversation, 1);

        WebhookReceiver.Request request = receiver.awaitRequests(forMessage(bob, conversation, 2), 1, WAIT_MS).get(0);
        JsonNode n = notification(request, forMessage(bob, conversation, 2));
        assertThat(n.path("kind").asString()).isEqualTo("recall");
        assertThat(n.path("preview").asString()).isEmpty();
        // imlab's extension (docs, protocol chapter): which message to withdraw.
        assertThat(n.path("recalledSeq").asLong()).as("%s", n).isEqualTo(1);
        assertThat(n.path("from").asString()).isEqualTo(alice);
        assertSigned(request);
    }

    @Test
    void unread_inANotification_countsOnlyMessagesThatHaveNotExpired() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        for (int i = 1; i <= 3; i++) {
            alicePhone.sendAndAck("m" + i, bob, "soon gone " + i);
        }
        receiver.awaitDistinct(forUser(bob), 3, WAIT_MS);

        CLOCK.advance(Duration.ofSeconds(11)); // seqs 1..3 expire
        alicePhone.sendAndAck("m4", bob, "still here");

        JsonNode n = notification(receiver.awaitRequests(forMessage(bob, conversation, 4), 1, WAIT_MS).get(0),
                forMessage(bob, conversation, 4));
        assertThat(n.path("unread").asLong()).as("4 - max(0, minSeq 4 - 1)").isEqualTo(1);
    }

    @Test
    void unread_inANotification_ofAMemberWhoJoinedLate_startsAtItsJoinFloor() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String dave = server.newUser("dave");
        Groups groups = new Groups(server);
        String groupId = groups.create(alice, bob);
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");
        for (int i = 1; i <= 3; i++) {
            alicePhone.sendToGroupAndAck("a" + i, groupId, "before dave " + i);
        }
        groups.add(alice, groupId, dave);

        alicePhone.sendToGroupAndAck("a4", groupId, "welcome dave");

        List<JsonNode> fourth = receiver.awaitDistinct(n -> conversation.equals(n.path("conversationId").asString())
                && n.path("seq").asLong() == 4, 2, WAIT_MS);
        assertThat(fourth).extracting(n -> n.path("userId").asString()).containsExactlyInAnyOrder(bob, dave);
        for (JsonNode n : fourth) {
            assertThat(n.path("unread").asLong()).as("%s", n).isEqualTo(n.path("userId").asString().equals(dave) ? 1 : 4);
        }
        assertThat(receiver.notifications(forUser(dave))).as("nothing from before dave joined")
                .extracting(n -> n.path("seq").asLong()).containsOnly(4L);
    }

    @Test
    void aMessageForManyOfflineMembers_comesInRequestsOfAtMost100Notifications() {
        String alice = server.newUser("alice");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            members.add(server.newUser("m"));
        }
        String groupId = new Groups(server).create(alice, members.toArray(String[]::new));
        String conversation = Groups.conversation(groupId);
        WireClient alicePhone = devices.connect(alice, "phone");

        alicePhone.sendToGroupAndAck("a1", groupId, "to everyone");

        Predicate<JsonNode> ofThisGroup = n -> conversation.equals(n.path("conversationId").asString());
        List<JsonNode> notified = receiver.awaitDistinct(ofThisGroup, 120, WAIT_MS);
        assertThat(notified).extracting(n -> n.path("userId").asString()).containsExactlyInAnyOrderElementsOf(members);
        List<WebhookReceiver.Request> requests = receiver.requestsWith(ofThisGroup);
        assertThat(requests).as("120 notifications need at least two requests").hasSizeGreaterThanOrEqualTo(2);
        for (WebhookReceiver.Request request : requests) {
            assertThat(request.notifications()).as("notifications in one request").hasSizeLessThanOrEqualTo(100);
            assertSigned(request);
        }
    }

    @Test
    void aWebhookAnswering500_isRetriedWithGrowingBackOff_untilItTakesTheNotifications() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        AtomicInteger tries = new AtomicInteger();
        // 500 to the first three tries: the fourth and last one (max-attempts 4) is taken.
        receiver.answer(r -> r.mentions(forUser(bob)) && tries.incrementAndGet() <= 3
                ? WebhookReceiver.Reply.status(500) : WebhookReceiver.Reply.ok());
        long retried = metrics.value("imlab_notifications_retried_total");
        long sent = metrics.value("imlab_notifications_sent_total");
        long dropped = metrics.value("imlab_notifications_dropped_total");

        alicePhone.sendAndAck("m1", bob, "fourth time lucky");

        List<WebhookReceiver.Request> all = receiver.awaitRequests(forMessage(bob, conversation, 1), 4, WAIT_MS);
        for (WebhookReceiver.Request request : all) {
            assertSigned(request);
        }
        metrics.awaitAtLeast("imlab_notifications_sent_total", sent + 1);
        assertThat(metrics.value("imlab_notifications_retried_total")).isGreaterThanOrEqualTo(retried + 3);
        assertThat(metrics.value("imlab_notifications_dropped_total")).isEqualTo(dropped);
        assertThat(tries.get()).as("answered 500 three times, then 200, and not tried again").isEqualTo(4);
        // Back-off 50 ms, doubling: a busy machine makes the gaps longer, never shorter.
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(all.get(i).nanos() - all.get(i - 1).nanos()));
        }
        assertThat(gaps.get(0)).as("gaps %s", gaps).isGreaterThanOrEqualTo(45);
        assertThat(gaps.get(1)).as("gaps %s", gaps).isGreaterThanOrEqualTo(95);
        assertThat(gaps.get(2)).as("gaps %s", gaps).isGreaterThanOrEqualTo(195);
    }

    @Test
    void aHangingWebhook_timesOut_andIsRetried_whileConnectedUsersGetTheirPushes() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String toBob = Groups.single(alice, bob);
        String toCarol = Groups.single(alice, carol);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient carolPhone = devices.connect(carol, "phone");
        AtomicBoolean hung = new AtomicBoolean();
        receiver.answer(r -> r.mentions(forUser(bob)) && hung.compareAndSet(false, true)
                ? WebhookReceiver.Reply.hang(60_000) : WebhookReceiver.Reply.ok());
        long retried = metrics.value("imlab_notifications_retried_total");
        long sent = metrics.value("imlab_notifications_sent_total");

        alicePhone.sendAndAck("m1", bob, "are you there?");
        long firstTry = receiver.awaitRequests(forMessage(bob, toBob, 1), 1, WAIT_MS).get(0).nanos();

        // The first request hangs (for a minute): a connected user's message is pushed meanwhile.
        alicePhone.sendAndAck("m2", carol, "not waiting for the webhook");
        long pushed = carolPhone.awaitPushNanos(toCarol, 1);
        long secondTry = receiver.awaitRequests(forMessage(bob, toBob, 1), 2, WAIT_MS).get(1).nanos();

        assertThat(TimeUnit.NANOSECONDS.toMillis(secondTry - firstTry)).as("retried after the 500 ms timeout")
                .isBetween(450L, 10_000L);
        assertThat(TimeUnit.NANOSECONDS.toMillis(pushed - firstTry)).as("pushed while the webhook hung")
                .isLessThan(10_000L);
        metrics.awaitAtLeast("imlab_notifications_retried_total", retried + 1);
        metrics.awaitAtLeast("imlab_notifications_sent_total", sent + 1);
    }

    @Test
    void aWebhookRefusingConnections_losesNoMessage_delaysNoPush_andItsDropIsCounted() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String toBob = Groups.single(alice, bob);
        String toCarol = Groups.single(alice, carol);
        WireClient alicePhone = devices.connect(alice, "phone");
        WireClient carolPhone = devices.connect(carol, "phone");
        long queued = metrics.value("imlab_notifications_queued_total");
        long retried = metrics.value("imlab_notifications_retried_total");
        long dropped = metrics.value("imlab_notifications_dropped_total");
        receiver.down();
        try {
            alicePhone.sendAndAck("m1", bob, "nobody listens");
            alicePhone.sendAndAck("m2", carol, "still pushed");

            carolPhone.awaitPushes(toCarol, 1);
            // Four attempts (the first and three retries), then the request is dropped.
            assertThat(metrics.awaitAtLeast("imlab_notifications_dropped_total", dropped + 1)).isEqualTo(dropped + 1);
            assertThat(metrics.value("imlab_notifications_retried_total")).isGreaterThanOrEqualTo(retried + 3);
            assertThat(metrics.value("imlab_notifications_queued_total")).as("bob only").isEqualTo(queued + 1);
        } finally {
            receiver.up();
        }
        assertThat(receiver.requestsWith(forUser(bob))).isEmpty();

        WireClient bobPhone = devices.connect(bob, "phone");
        assertThat(bobPhone.syncLine(toBob).path("unread").asLong()).isEqualTo(1);
        JsonNode kept = bobPhone.pull(toBob, 1, 1).path("messages").get(0);
        assertThat(kept.path("body").asString()).as("the message itself is not lost").isEqualTo("nobody listens");

        // Back up: the next notification goes through.
        bobPhone.close();
        awaitOffline(alicePhone, bob, toBob, 2);
    }

    /**
     * Sends alice's next message to a user who just closed their only device, until one is
     * notified: the server may push to a closing connection before it notices the close.
     */
    private static void awaitOffline(WireClient alicePhone, String bob, String conversation, long firstSeq) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        for (long seq = firstSeq; System.nanoTime() < deadline; seq++) {
            alicePhone.sendAndAck("later" + seq, bob, "later " + seq);
            try {
                receiver.awaitRequests(forMessage(bob, conversation, seq), 1, 1_500);
                return;
            } catch (AssertionError notYet) {
                // bob's route was still there; try the next message
            }
        }
        throw new AssertionError("no notification for " + bob + " after the webhook came back");
    }

    @Test
    void aUserWhoConnectsWhileTheirNotificationIsBeingSent_hasEveryMessage_andLaterOnesArePushedNotNotified()
            throws InterruptedException {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        WireClient alicePhone = devices.connect(alice, "phone");
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch connected = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean();
        receiver.answer(r -> {
            if (r.mentions(forUser(bob)) && first.compareAndSet(false, true)) {
                inFlight.countDown();
                try {
                    connected.await(5, TimeUnit.SECONDS); // past the server's timeout: it may try again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return WebhookReceiver.Reply.ok();
        });

        for (int i = 1; i <= 3; i++) {
            alicePhone.sendAndAck("m" + i, bob, "while you were away " + i);
        }
        assertThat(inFlight.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("a request for bob reached the webhook").isTrue();
        WireClient bobPhone = devices.connect(bob, "phone");
        JsonNode line = bobPhone.syncLine(conversation);
        connected.countDown();

        assertThat(line.path("maxSeq").asLong()).isEqualTo(3);
        assertThat(line.path("unread").asLong()).isEqualTo(3);
        JsonNode pulled = bobPhone.pull(conversation, 1, 3);
        assertThat(pulled.path("messages")).extracting(m -> m.path("body").asString())
                .containsExactly("while you were away 1", "while you were away 2", "while you were away 3");
        // Whatever of the request in flight (answered late, or timed out and sent again), every
        // notification that reaches the webhook is for a message bob can pull.
        assertThat(receiver.notifications(forUser(bob))).extracting(n -> n.path("seq").asLong())
                .isSubsetOf(1L, 2L, 3L);

        long queued = metrics.value("imlab_notifications_queued_total");
        alicePhone.sendAndAck("m4", bob, "now you are here");
        bobPhone.awaitPushNanos(conversation, 4);
        assertThat(metrics.value("imlab_notifications_queued_total")).as("bob is connected now").isEqualTo(queued);
        assertThat(receiver.notifications(forMessage(bob, conversation, 4))).isEmpty();
    }
}
