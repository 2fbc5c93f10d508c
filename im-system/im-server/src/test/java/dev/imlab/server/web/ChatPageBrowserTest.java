package dev.imlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.testsupport.MutableClock;
import dev.imlab.server.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Wait;

/**
 * The chat page ({@code imlab-web/index.html}) in a real headless Chromium against the in-process
 * server: two people chat both ways, a page that was away catches up with sync + pull, and the frame
 * inspector shows the wire; the v2 features as a person meets them (unread badges and "read", recall,
 * expired messages); and the dashboard ({@code /dashboard}) shows live traffic, latency per hop,
 * consumer lag and the v2 running totals.
 */
class ChatPageBrowserTest {
    /** The hops the gateway times, in the order a message travels them. */
    private static final List<String> HOPS =
            List.of("gateway>transfer", "transfer>stored", "stored>push", "push>gateway", "end-to-end");

    private static TestServer server;
    private final Chromium chromium = new Chromium();

    @BeforeAll
    static void requireBrowser() {
        Chromium.requireInstalled();
        server = TestServer.shared();
    }

    @AfterEach
    void closeBrowsers() {
        chromium.close();
    }

    @Test
    void twoPages_chatBothWays_andAReopenedPageShowsWhatItMissed() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        ChatPage alicePage = open().login(alice, "web-a");
        ChatPage bobPage = open().login(bob, "web-b");
        alicePage.openChat(bob);
        bobPage.openChat(alice);

        alicePage.send("hi bob");
        alicePage.awaitMessage("hi bob", 1, "stored");
        bobPage.awaitMessage("hi bob", 1, "delivered");
        bobPage.send("hi alice");
        bobPage.awaitMessage("hi alice", 2, "stored");
        alicePage.awaitMessage("hi alice", 2, "delivered");

        assertThat(alicePage.frameTypes("out")).contains("send", "ack");
        assertThat(alicePage.frameTypes("in")).contains("sync_result", "send_ack", "push");
        assertThat(alicePage.stateTooltip("hi bob")).contains("strongest state the protocol reports to the sender");
        alicePage.screenshot("alice-chat");
        bobPage.screenshot("bob-chat");

        bobPage.close();
        alicePage.send("are you there?");
        alicePage.awaitMessage("are you there?", 3, "stored");
        alicePage.send("call me back");
        alicePage.awaitMessage("call me back", 4, "stored");

        ChatPage bobAgain = open().login(bob, "web-b");
        bobAgain.awaitNotice("connected — caught up 2 messages via sync+pull");
        bobAgain.openChat(alice);
        bobAgain.awaitMessage("are you there?", 3, "delivered");
        bobAgain.awaitMessage("call me back", 4, "delivered");
        assertThat(bobAgain.bodies()).as("only what bob's device had not acked").doesNotContain("hi bob");
        bobAgain.screenshot("bob-reopened");
    }

    @Test
    void aDroppedConnection_reconnectsByItself_andCatchesUp() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        ChatPage alicePage = open().login(alice, "web-a");
        ChatPage bobPage = open().login(bob, "web-b");
        alicePage.openChat(bob);
        alicePage.send("first");
        bobPage.awaitMessage("first", 1, "delivered");

        // Drop bob's socket, with the back-off at its 4 s step, so alice's message lands while he is away.
        bobPage.script("state.attempt = 3; state.ws.close();");
        bobPage.awaitConnection("reconnecting");
        alicePage.send("while you were away");
        alicePage.awaitMessage("while you were away", 2, "stored");

        bobPage.awaitNotice("reconnected — caught up 1 message via sync+pull");
        bobPage.awaitMessage("while you were away", 2, "delivered");
        assertThat(bobPage.frameTypes("out")).contains("sync", "pull");
        bobPage.screenshot("bob-reconnected");
    }

    @Test
    void dashboard_showsRateEndToEndP99EveryHopAndTheV2Totals_afterTraffic() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        WebDriver dashboard = chromium.open(server.baseUri() + "/dashboard");
        // The trickle below sends one message per look: looking every 500 ms keeps it at about two a second.
        Wait<WebDriver> wait = ChatPage.await(dashboard).pollingEvery(Duration.ofMillis(500));
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "online"));

        try (ImClient a = server.connect(alice, "sdk-a"); ImClient b = server.connect(bob, "sdk-b")) {
            // Bob's app handles what arrives, so his client acks it: without a consumer the SDK holds
            // messages unacked and the gateway keeps re-sending them, which is not the traffic to show.
            b.onMessage(message -> { });
            wait.until(d -> number(d, "connections") >= 2);
            for (int i = 0; i < 10; i++) {
                a.send(bob, "load " + i).orTimeout(10, TimeUnit.SECONDS).join();
            }
            // One more message per check keeps the 5 s average rate from decaying to 0 while a slow
            // machine catches up, so every figure can be seen at once (and in the screenshot).
            AtomicInteger more = new AtomicInteger();
            wait.until(d -> {
                a.send(bob, "more " + more.incrementAndGet()).orTimeout(10, TimeUnit.SECONDS).join();
                return number(d, "messageRate") > 0 && number(d, "e2eP99") > 0
                        && HOPS.stream().allMatch(hop -> hopCount(d, hop) > 0)
                        && d.findElements(By.cssSelector("#hops tr.slowest")).size() == 1;
            });

            assertThat(dashboard.findElements(By.cssSelector("#hops tr.hop")))
                    .as("one row per hop, in travel order").extracting(row -> row.getAttribute("data-hop"))
                    .containsExactlyElementsOf(HOPS);
            assertThat(dashboard.findElement(By.cssSelector("#hops tr.slowest")).getAttribute("data-hop"))
                    .as("the highlighted hop is a real hop, not the end-to-end total").isNotEqualTo("end-to-end");
            wait.until(d -> d.findElements(By.cssSelector("#lag tr.role")).size() == 3);
            assertThat(dashboard.findElements(By.cssSelector("#lag tr.role")))
                    .extracting(row -> row.getAttribute("data-group"))
                    .containsExactlyInAnyOrder("im-transfer", "im-push", "im-confirm");
            assertThat(dashboard.findElement(By.id("scope")).getText()).contains("this gateway's", "/metrics");
            // The cluster tables: this one process runs every role and is the cluster's only gateway.
            wait.until(d -> d.findElements(By.cssSelector("#clusterRoles tr[data-role]")).size() == 5);
            assertThat(dashboard.findElements(By.cssSelector("#clusterRoles tr[data-role]")))
                    .extracting(row -> row.getAttribute("data-role") + " " + row.findElements(By.tagName("td")).get(1).getText())
                    .containsExactly("infra 0", "gateway 1", "transfer 1", "push 1", "confirm 1");
            assertThat(dashboard.findElements(By.cssSelector("#clusterRoles tr.missing")))
                    .as("infra runs in no process of its own here, and is not marked missing").isEmpty();
            assertThat(dashboard.findElements(By.cssSelector("#clusterGateways tr[data-gateway]"))).hasSize(1);

            // For a screenshot worth reading, keep the trickle going until the charts hold some seconds of it.
            wait.until(d -> {
                a.send(bob, "more " + more.incrementAndGet()).orTimeout(10, TimeUnit.SECONDS).join();
                return ((Number) ((JavascriptExecutor) d)
                        .executeScript("return samples.filter(s => s.sendRate > 0).length")).intValue() >= 8;
            });
            // The v2 totals: one read and one recall move them.
            long readsBefore = (long) number(dashboard, "reads");
            long recallsBefore = (long) number(dashboard, "recalls");
            ServerFrame.SendAck taken = a.send(bob, "take it back").orTimeout(10, TimeUnit.SECONDS).join();
            String where = "\"conversationId\":\"" + taken.conversationId() + "\",\"seq\":" + taken.seq();
            b.sendRaw("{\"type\":\"read\"," + where + "}").orTimeout(10, TimeUnit.SECONDS).join();
            a.sendRaw("{\"type\":\"recall\",\"clientMsgId\":\"dash-recall\"," + where + "}")
                    .orTimeout(10, TimeUnit.SECONDS).join();
            wait.until(d -> number(d, "reads") > readsBefore && number(d, "readRate") > 0
                    && number(d, "recalls") > recallsBefore);
            // Figures, not placeholders, where nothing happened: no webhook here, nothing older than the 30 d ttl.
            assertThat(List.of("notificationsSent", "notificationsRetried", "notificationsDropped",
                    "notificationsQueued", "expiredReclaimed").stream()
                    .map(id -> dashboard.findElement(By.id(id)).getText())).containsOnly("0");
            new ChatPage(dashboard).screenshot("dashboard");
        }
    }

    // ---- v2: read state, recall, expiry ----------------------------------------------------

    @Test
    void unreadBadge_showsOnEveryDeviceOfTheReader_clearsWhenViewed_andTheSenderThenSeesRead() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String carol = server.newUser("carol");
        String conversation = singleChat(alice, bob);
        ChatPage alicePage = open().login(alice, "web-a");
        ChatPage bobPage = open().login(bob, "web-b");
        ChatPage bobPhone = open().login(bob, "phone-b");
        bobPage.openChat(carol);             // bob looks at another conversation on both devices
        bobPhone.openChat(carol);
        alicePage.openChat(bob);

        alicePage.send("lunch?");
        alicePage.awaitMessage("lunch?", 1, "stored");
        alicePage.send("at noon");
        alicePage.awaitMessage("at noon", 2, "stored");
        bobPage.awaitUnread(conversation, 2);
        bobPhone.awaitUnread(conversation, 2);
        assertThat(bobPage.frames("out", "read")).as("nothing is read while another conversation is open").isEmpty();
        assertThat(alicePage.frames("in", "read_receipt")).isEmpty();

        bobPage.openConversation(conversation);
        bobPage.awaitMessage("at noon", 2, "delivered");
        bobPage.awaitUnread(conversation, 0);
        alicePage.awaitRead("lunch?");
        alicePage.awaitRead("at noon");
        bobPhone.awaitUnread(conversation, 0);  // by the read_receipt to bob's other device
        assertThat(seqs(bobPage.frames("out", "read"))).as("one read for both messages on screen").containsExactly(2L);
        assertThat(bobPhone.frames("in", "read_receipt")).anySatisfy(receipt -> assertThat(receipt)
                .containsEntry("conversationId", conversation).containsEntry("userId", bob).containsEntry("seq", 2L));
        bobPage.screenshot("bob-read");
        alicePage.screenshot("alice-sees-read");

        // A burst while bob looks at the conversation: each message is acked, all are read with one or two frames.
        List<Long> burst;
        try (ImClient a = server.connect(alice, "sdk-a")) {
            List<CompletableFuture<ServerFrame.SendAck>> sends = IntStream.rangeClosed(1, 5)
                    .mapToObj(i -> a.send(bob, "burst " + i)).toList();
            burst = sends.stream().map(f -> f.orTimeout(10, TimeUnit.SECONDS).join().seq()).sorted().toList();
        }
        assertThat(burst).containsExactly(3L, 4L, 5L, 6L, 7L);
        bobPage.await().until(d -> seqs(bobPage.frames("out", "read")).contains(7L));
        assertThat(seqs(bobPage.frames("out", "read"))).as("reads are coalesced, not one per message")
                .hasSizeLessThan(1 + burst.size()).isSorted();
        alicePage.awaitRead("burst 5");

        // A device that connects later learns what the peer has read from sync (peerReadSeq), not from receipts.
        bobPhone.close();
        ChatPage aliceLaptop = open().login(alice, "laptop-a");
        aliceLaptop.awaitUnread(conversation, 0); // sending moved alice's own read seq past everything
        aliceLaptop.openConversation(conversation);
        aliceLaptop.awaitMessage("lunch?", 1, "stored");
        aliceLaptop.awaitRead("lunch?");
        assertThat(aliceLaptop.frames("in", "read_receipt")).isEmpty();
    }

    @Test
    void recall_fromThePage_showsAsRecalledForThePeer_whoAcksTheRecallButDrawsNoBubbleForIt() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = singleChat(alice, bob);
        ChatPage alicePage = open().login(alice, "web-a");
        ChatPage bobPage = open().login(bob, "web-b");
        alicePage.openChat(bob);
        bobPage.openChat(alice);
        alicePage.send("meet at the old place");
        alicePage.awaitMessage("meet at the old place", 1, "stored");
        alicePage.send("see you there");
        alicePage.awaitMessage("see you there", 2, "stored");
        bobPage.awaitMessage("see you there", 2, "delivered");
        assertThat(alicePage.recallButtons()).as("offered on each of alice's own messages").isEqualTo(2);
        assertThat(bobPage.recallButtons()).as("not on someone else's").isZero();

        alicePage.recall("meet at the old place");
        alicePage.awaitRecalled(1);
        bobPage.awaitRecalled(1);
        assertThat(bobPage.bodies()).containsExactly("message recalled", "see you there");
        alicePage.screenshot("alice-recalled");
        bobPage.screenshot("bob-sees-recalled");

        Map<String, Object> recall = alicePage.frames("out", "recall").get(0);
        assertThat(recall).containsEntry("conversationId", conversation).containsEntry("seq", 1L);
        assertThat(recall.get("clientMsgId")).as("a recall is a message with a clientMsgId of its own")
                .isNotEqualTo(alicePage.frames("out", "send").get(0).get("clientMsgId"));
        assertThat(alicePage.frames("in", "send_ack")).anySatisfy(ack -> assertThat(ack)
                .containsEntry("clientMsgId", recall.get("clientMsgId")).containsEntry("seq", 3L));
        assertThat(bobPage.frames("in", "push")).anySatisfy(push -> assertThat(push)
                .containsEntry("kind", "recall").containsEntry("recalledSeq", 1L).containsEntry("seq", 3L));
        bobPage.await().until(d -> seqs(bobPage.frames("out", "ack")).contains(3L)); // the recall's seq is acked

        // A device that was not there pulls the message already blanked.
        ChatPage bobLaptop = open().login(bob, "laptop-b");
        bobLaptop.openConversation(conversation);
        bobLaptop.awaitRecalled(1);
        bobLaptop.awaitMessage("see you there", 2, "delivered");
        assertThat(bobLaptop.bodies()).containsExactly("message recalled", "see you there");
        assertThat(bobLaptop.frames("in", "pull_result")).anySatisfy(pull -> assertThat(objects(pull.get("messages")))
                .anySatisfy(m -> assertThat(m).containsEntry("seq", 1L).containsEntry("recalled", true)
                        .containsEntry("body", "")));
    }

    @Test
    void groupOwner_isOfferedARecallOnAnyMessage_aMemberOnlyOnTheirOwn_andTheRecallBlanksItForBoth() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String group = alice + "-team";
        // Created outside the page: the page learns that alice owns it from the group endpoint.
        server.http().createGroup(server.http().token(alice, TestServer.password(), "sdk-a").token(), group,
                List.of(bob));
        ChatPage alicePage = open().login(alice, "web-a");
        ChatPage bobPage = open().login(bob, "web-b");
        alicePage.openGroup(group);
        bobPage.openGroup(group);
        bobPage.send("off topic");
        bobPage.awaitMessage("off topic", 1, "stored");
        alicePage.send("agenda");
        alicePage.awaitMessage("agenda", 2, "stored");
        alicePage.awaitMessage("off topic", 1, "delivered");
        bobPage.awaitMessage("agenda", 2, "delivered");
        alicePage.await().until(d -> alicePage.recallButtons() == 2); // her own and bob's: she owns the group
        assertThat(bobPage.recallButtons()).as("bob's own message only").isEqualTo(1);

        alicePage.recall("off topic");
        alicePage.awaitRecalled(1);
        bobPage.awaitRecalled(1);
        assertThat(bobPage.bodies()).containsExactly("message recalled", "agenda");
        assertThat(bobPage.recallButtons()).as("nothing left of bob's to recall").isZero();
        alicePage.screenshot("alice-owner-recalled");
    }

    @Test
    void expiredMessages_showAsANoticeAfterAReload_areNeitherPulledNorUnread_theReaperReclaimsThem_andALateRecallIsRefused() {
        MutableClock clock = new MutableClock();
        try (TestServer timed = TestServer.start(clock, "imlab.retention.message-ttl=10s", "imlab.recall.window=5s")) {
            String alice = timed.newUser("alice");
            String bob = timed.newUser("bob");
            String conversation = singleChat(alice, bob);
            ChatPage alicePage = open(timed).login(alice, "web-a");
            ChatPage bobPage = open(timed).login(bob, "web-b");
            alicePage.openChat(bob);
            bobPage.openChat(alice);
            alicePage.send("gone one");
            alicePage.awaitMessage("gone one", 1, "stored");
            alicePage.send("gone two");
            alicePage.awaitMessage("gone two", 2, "stored");
            bobPage.awaitMessage("gone two", 2, "delivered");
            assertThat(alicePage.expiredNotices()).as("nothing has expired yet").isZero();
            bobPage.close();

            clock.advance(Duration.ofSeconds(11)); // past the ttl of both messages
            alicePage.reload(alice, "web-a");
            alicePage.openConversation(conversation);
            assertThat(alicePage.awaitExpiredNotice().text()).isEqualTo("older messages expired");
            assertThat(alicePage.bodies()).as("an expired message is never pulled").isEmpty();
            alicePage.send("still here");
            alicePage.awaitMessage("still here", 3, "stored"); // the seqs of expired messages are not reused
            alicePage.screenshot("alice-expired-after-reload");

            // A device of bob's that never saw seqs 1 and 2: neither a gap to fill nor unread.
            ChatPage bobPhone = open(timed).login(bob, "phone-b");
            bobPhone.awaitUnread(conversation, 1); // sync: maxSeq 3 − (minSeq 3 − 1)
            assertThat(objects(bobPhone.frames("in", "sync_result").get(0).get("conversations")))
                    .anySatisfy(c -> assertThat(c).containsEntry("conversationId", conversation)
                            .containsEntry("minSeq", 3L).containsEntry("maxSeq", 3L).containsEntry("unread", 1L));
            bobPhone.openConversation(conversation);
            bobPhone.awaitMessage("still here", 3, "delivered");
            assertThat(bobPhone.awaitExpiredNotice().title()).contains("minSeq is 3");
            assertThat(bobPhone.bodies()).containsExactly("still here");
            assertThat(bobPhone.frames("out", "pull")).as("seqs below minSeq are never asked for").isNotEmpty()
                    .allSatisfy(pull -> assertThat(((Number) pull.get("fromSeq")).longValue()).isGreaterThanOrEqualTo(3));
            assertThat(seqs(bobPhone.frames("out", "ack"))).as("acked past the expired seqs").contains(3L);
            bobPhone.await().until(d -> seqs(bobPhone.frames("out", "read")).contains(3L));
            bobPhone.screenshot("bob-expired");

            clock.advance(Duration.ofSeconds(6)); // past the recall window of 5 s, within the ttl of 10 s
            alicePage.recall("still here");
            alicePage.awaitNoticeContaining("recall of seq 3 refused — TOO_LATE");
            assertThat(alicePage.bodies()).containsExactly("still here");
            assertThat(alicePage.frames("in", "error")).anySatisfy(error -> assertThat(error)
                    .containsEntry("code", "TOO_LATE")
                    .containsEntry("ref", alicePage.frames("out", "recall").get(0).get("clientMsgId")));
            alicePage.screenshot("alice-too-late");

            // The reaper runs on the server's clock: the two expired messages are deleted and counted.
            WebDriver dashboard = chromium.open(timed.baseUri() + "/dashboard");
            ChatPage.await(dashboard).until(d -> number(d, "expiredReclaimed") >= 2
                    && number(d, "recallsRefused") >= 1);
        }
    }

    /** A figure on the dashboard, or 0 while it still shows its placeholder. */
    private static double number(WebDriver driver, String id) {
        try {
            return Double.parseDouble(driver.findElement(By.id(id)).getText());
        } catch (NumberFormatException placeholder) {
            return 0;
        }
    }

    private static long hopCount(WebDriver driver, String hop) {
        List<WebElement> rows = driver.findElements(By.cssSelector("#hops tr[data-hop='" + hop + "']"));
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).getAttribute("data-count"));
    }

    private static String singleChat(String a, String b) {
        return ConversationId.single(a, b).value();
    }

    /** The {@code seq} of each frame, in the order the page logged them. */
    private static List<Long> seqs(List<Map<String, Object>> frames) {
        return frames.stream().map(f -> ((Number) f.get("seq")).longValue()).toList();
    }

    /** A JSON array of objects from a frame, as Selenium hands it over. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object jsonArray) {
        return (List<Map<String, Object>>) jsonArray;
    }

    private ChatPage open() {
        return open(server);
    }

    private ChatPage open(TestServer on) {
        return new ChatPage(chromium.open(on.baseUri() + "/"));
    }
}
