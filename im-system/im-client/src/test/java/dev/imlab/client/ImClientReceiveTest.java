package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
import static dev.imlab.client.Fixtures.connectAndSync;
import static dev.imlab.client.Fixtures.fromBob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ImClientReceiveTest extends FakeServerTest {

    @Test
    void push_isDeliveredAndAcked() throws Exception {
        connect(alice(server));

        server.send(push(1));

        assertThat(inbox.take(1)).containsExactly(fromBob(1));
        assertThat(server.received().await(ClientFrame.Ack.class)).isEqualTo(new ClientFrame.Ack(CHAT, 1));
    }

    @Test
    void gap_isPulled_andTheMessagesAreDeliveredInSeqOrder() throws Exception {
        connect(alice(server));
        server.store(fromBob(2));

        server.send(push(1));
        server.send(push(3));

        assertThat(server.received().await(ClientFrame.Pull.class)).isEqualTo(new ClientFrame.Pull(CHAT, 2, 2, 200));
        assertThat(inbox.take(3)).containsExactly(fromBob(1), fromBob(2), fromBob(3));
    }

    @Test
    void duplicatePush_isDroppedAndAckedAgain() throws Exception {
        connect(alice(server));

        server.send(push(1));
        server.received().await(ClientFrame.Ack.class);
        server.send(push(1)); // the server re-sends: our ack crossed its timer
        server.send(push(2));

        assertThat(server.received().await(ClientFrame.Ack.class)).isEqualTo(new ClientFrame.Ack(CHAT, 1));
        assertThat(inbox.takeSeqs(2)).containsExactly(1L, 2L);
    }

    @Test
    void ack_carriesTheHighestContiguousSeq_notTheHighestSeen() throws Exception {
        connect(alice(server).ackDelay(Duration.ofMillis(50)));
        server.answerPulls(false);

        server.send(push(1));
        server.send(push(2));
        server.send(push(4));
        server.received().await(ClientFrame.Pull.class);
        server.received().await(ClientFrame.Ack.class, ack -> ack.seq() == 2);
        assertThat(server.received().all(ClientFrame.Ack.class)).allMatch(ack -> ack.seq() <= 2);
        server.send(new ServerFrame.PullResult(CHAT, List.of(fromBob(3))));

        assertThat(server.received().await(ClientFrame.Ack.class, ack -> ack.seq() > 2).seq()).isEqualTo(4);
        assertThat(inbox.takeSeqs(4)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void textFrameInParts_isJoinedBeforeItIsRead() throws Exception {
        connect(alice(server));

        server.sendInTwoParts(push(1), 17);

        assertThat(inbox.take(1)).containsExactly(fromBob(1));
    }

    @Test
    void catchUp_pullsFromTheServersCursor_inPagesOf200() throws Exception {
        LongStream.rangeClosed(1, 450).forEach(seq -> server.store(fromBob(seq)));
        server.cursor(CHAT, 10);
        client = alice(server).build();
        client.onMessage(inbox);

        client.connect();

        assertThat(inbox.takeSeqs(440)).isEqualTo(LongStream.rangeClosed(11, 450).boxed().toList());
        assertThat(server.received().all(ClientFrame.Pull.class)).containsExactly(
                new ClientFrame.Pull(CHAT, 11, 450, 200),
                new ClientFrame.Pull(CHAT, 211, 450, 200),
                new ClientFrame.Pull(CHAT, 411, 450, 200));
    }

    @Test
    void catchUp_completes_afterEverythingMissedWentThroughOnMessage() throws Exception {
        connect(alice(server));
        server.store(fromBob(1));
        server.store(fromBob(2));

        client.catchUp().get(5, TimeUnit.SECONDS);

        assertThat(inbox.rest()).containsExactly(fromBob(1), fromBob(2));
    }

    @Test
    void onMessage_getsMessagesThatCameBeforeItWasSet() throws Exception {
        client = alice(server).build();
        connectAndSync(client);
        server.send(push(1));
        client.ping().get(5, TimeUnit.SECONDS); // the push was read before the pong

        client.onMessage(inbox);

        assertThat(inbox.take(1)).containsExactly(fromBob(1));
    }

    private static ServerFrame.Push push(long seq) {
        Message m = fromBob(seq);
        return new ServerFrame.Push(m);
    }
}
