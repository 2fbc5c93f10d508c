package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
import static dev.imlab.client.Fixtures.fromBob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md v2, expiry: seqs below {@code minSeq} expired; they are never a gap. */
class ImClientExpiryTest extends FakeServerTest {
    private final Heard expired = new Heard();

    @Test
    void catchUp_startsAtMinSeq_andNeverPullsTheExpiredSeqs() throws Exception {
        LongStream.rangeClosed(1, 8).forEach(seq -> server.store(fromBob(seq)));
        server.cursor(CHAT, 2);
        server.expire(CHAT, 6); // 3..5 expired while the device was away

        connect(alice(server));

        assertThat(inbox.takeSeqs(3)).containsExactly(6L, 7L, 8L);
        assertThat(server.received().all(ClientFrame.Pull.class)).containsExactly(new ClientFrame.Pull(CHAT, 6, 8, 200));
        assertThat(server.received().await(ClientFrame.Ack.class, ack -> ack.seq() == 8)).isNotNull();
    }

    @Test
    void nextPush_isDeliveredAtOnce_whenEverythingBeforeItExpired() throws Exception {
        LongStream.rangeClosed(1, 4).forEach(seq -> server.store(fromBob(seq)));
        server.expire(CHAT, 5); // all expired: minSeq = maxSeq + 1
        connect(alice(server));

        server.send(new ServerFrame.Push(fromBob(5)));

        assertThat(inbox.take(1)).containsExactly(fromBob(5));
        client.ping().get(5, TimeUnit.SECONDS); // anything written before the ping has reached the server
        assertThat(server.received().all(ClientFrame.Pull.class)).isEmpty();
        assertThat(server.received().await(ClientFrame.Ack.class, ack -> ack.seq() == 5)).isNotNull();
    }

    @Test
    void minSeqFromSync_isExposedPerConversation_andToldToTheExpiryListener() throws Exception {
        LongStream.rangeClosed(1, 9).forEach(seq -> server.store(fromBob(seq)));
        server.cursor(CHAT, 9);
        server.expire(CHAT, 4);

        connect(alice(server));

        expired.await(CHAT, 4);
        Conversation chat = client.conversation(CHAT).orElseThrow();
        assertThat(chat.minSeq()).isEqualTo(4);
        assertThat(chat.maxSeq()).isEqualTo(9);
        assertThat(chat.hasExpired()).isTrue();
    }

    @Test
    void gapPull_answeredWithAHigherMinSeq_endsTheWait_andRaisesMinSeq() throws Exception {
        connect(alice(server));
        server.send(new ServerFrame.Push(fromBob(1)));
        inbox.take(1);
        server.answerPulls(false);

        server.send(new ServerFrame.Push(fromBob(4)));
        assertThat(server.received().await(ClientFrame.Pull.class)).isEqualTo(new ClientFrame.Pull(CHAT, 2, 3, 200));
        server.send(new ServerFrame.PullResult(CHAT, 4, List.of())); // 2 and 3 expired meanwhile

        assertThat(inbox.take(1)).containsExactly(fromBob(4));
        expired.await(CHAT, 4);
        assertThat(client.conversation(CHAT).orElseThrow().minSeq()).isEqualTo(4);
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(server.received().all(ClientFrame.Pull.class)).hasSize(1);
    }

    @Test
    void minSeq_neverMovesBack_whenALaterAnswerCarriesALowerOne() throws Exception {
        LongStream.rangeClosed(1, 6).forEach(seq -> server.store(fromBob(seq)));
        server.cursor(CHAT, 6);
        server.expire(CHAT, 5);
        connect(alice(server));
        expired.await(CHAT, 5);

        // Answers as a v1 server would give them (minSeq 1), arriving late.
        server.send(new ServerFrame.SyncResult(List.of(new ServerFrame.ConversationState(CHAT, 6, 6))));
        server.send(new ServerFrame.PullResult(CHAT, List.of()));
        client.ping().get(5, TimeUnit.SECONDS);

        assertThat(client.conversation(CHAT).orElseThrow().minSeq()).isEqualTo(5);
        assertThat(expired.all()).containsExactly(CHAT + "=5");
    }

    @Override
    void listen(ImClient client) {
        client.onExpired(expired);
    }
}
