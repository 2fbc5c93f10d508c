package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.client.Conversation;
import dev.imlab.client.ImClient;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.testsupport.MutableClock;
import dev.imlab.server.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The SDK's v2 features against the real server, as an app uses them: unread counts on both of a
 * user's devices, read receipts to the peer, recall and its refusals, recalled pulls,
 * {@code peerReadSeq} on a new device, and a device that comes after everything expired.
 */
class SdkV2EndToEndTest {

    @Test
    void unreadReadReceiptsRecallAndExpiry_throughTheSdk() throws Exception {
        MutableClock clock = new MutableClock();
        TestServer server = TestServer.start(clock, "imlab.retention.message-ttl=1h", "imlab.recall.window=2m");
        try {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            String chat = ConversationId.single(alice, bob).value();
            List<Message> aInbox = new CopyOnWriteArrayList<>();
            List<String> aRecalled = new CopyOnWriteArrayList<>();
            List<Long> bPeer = new CopyOnWriteArrayList<>();
            ImClient a = server.client(alice, "phone").readDelay(Duration.ZERO).build();
            a.onMessage(aInbox::add).onRecalled((c, s) -> aRecalled.add(c + "=" + s));
            a.connect();
            ImClient a2 = server.client(alice, "laptop").build();
            a2.onMessage(m -> { });
            a2.connect();
            ImClient b = server.client(bob, "pc").build();
            b.onMessage(m -> { }).onPeerRead((c, s) -> bPeer.add(s));
            b.connect();

            b.send(alice, "one").get(10, TimeUnit.SECONDS);
            b.send(alice, "two").get(10, TimeUnit.SECONDS);
            eventually("a has 2", () -> aInbox.size() == 2);
            eventually("a unread 2", () -> unread(a, chat) == 2);
            eventually("a2 unread 2", () -> unread(a2, chat) == 2);

            a.read(chat, 2);
            eventually("a unread 0", () -> unread(a, chat) == 0);
            eventually("bob told peer read 2", () -> bPeer.contains(2L));
            eventually("a2 unread 0 by receipt", () -> unread(a2, chat) == 0);

            long recallSeq = b.recall(chat, 1).get(10, TimeUnit.SECONDS).seq();
            assertThat(recallSeq).isEqualTo(3);
            eventually("a got the recall", () -> aRecalled.contains(chat + "=1"));
            assertThat(aInbox.get(2).isRecall()).isTrue();
            assertThat(aInbox.get(2).recalledSeq()).isEqualTo(1);

            assertThatThrownBy(() -> a.recall(chat, 2).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThatThrownBy(() -> b.recall(chat, 1).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
            clock.advance(Duration.ofMinutes(3));
            assertThatThrownBy(() -> b.recall(chat, 2).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LATE));

            List<Message> pulled = a.pull(chat, 1, 3, 10).get(10, TimeUnit.SECONDS);
            assertThat(pulled.get(0).recalled()).isTrue();
            assertThat(pulled.get(0).body()).isEmpty();

            // bob's new device learns alice read up to 2 from sync
            List<Long> b2Peer = new CopyOnWriteArrayList<>();
            ImClient b2 = server.client(bob, "tablet").build();
            b2.onMessage(m -> { }).onPeerRead((c, s) -> b2Peer.add(s));
            b2.connect();
            eventually("b2 peerReadSeq from sync", () -> b2Peer.contains(2L));

            // expiry
            clock.advance(Duration.ofHours(2));
            b.send(alice, "three").get(10, TimeUnit.SECONDS);
            List<Message> a3Inbox = new CopyOnWriteArrayList<>();
            ImClient a3 = server.client(alice, "tv").build();
            a3.onMessage(a3Inbox::add);
            a3.connect();
            eventually("a3 got seq 4", () -> a3Inbox.stream().anyMatch(m -> m.seq() == 4));
            assertThat(a3Inbox).extracting(Message::seq).containsExactly(4L);
            assertThat(a3.conversation(chat).orElseThrow().minSeq()).isEqualTo(4);
            List.of(a, a2, a3, b, b2).forEach(ImClient::close);
        } finally {
            server.close();
        }
    }

    private static long unread(ImClient client, String chat) {
        return client.conversation(chat).map(Conversation::unread).orElse(-1L);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}

