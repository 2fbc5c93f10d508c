package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
import static dev.imlab.client.Fixtures.connectAndSync;
import static dev.imlab.client.Fixtures.fromBob;
import static dev.imlab.client.Fixtures.recallByBob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PROTOCOL.md v2, recall: a message with a seq of its own, sent and retried like a send. */
class ImClientRecallTest extends FakeServerTest {
    private final Heard recalled = new Heard();

    // ---- recalling ------------------------------------------------------------------------

    @Test
    void recall_completesWithItsSendAck_andDeliversTheOwnRecallAtItsSeq() throws Exception {
        connect(alice(server));
        sentByAlice("oops", 1);

        CompletableFuture<ServerFrame.SendAck> future = client.recall(CHAT, 1);
        ClientFrame.Recall frame = server.received().await(ClientFrame.Recall.class);
        ServerFrame.SendAck ack = new ServerFrame.SendAck(frame.clientMsgId(), CHAT, 2, 6_000);
        server.send(ack);

        assertThat(frame.clientMsgId()).startsWith("laptop-");
        assertThat(frame).isEqualTo(new ClientFrame.Recall(frame.clientMsgId(), CHAT, 1));
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(ack);
        Message own = inbox.take(1).get(0);
        assertThat(own).isEqualTo(Message.recall(CHAT, 2, "alice", frame.clientMsgId(), 6_000, null, 1));
        assertThat(own.isRecall()).isTrue();
        recalled.await(CHAT, 1);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"NOT_MEMBER", "INVALID_FIELD", "FORBIDDEN", "TOO_LATE"})
    void recall_failsWithTheServersCode_whenRefused(ErrorCode code) throws Exception {
        connect(alice(server));

        CompletableFuture<ServerFrame.SendAck> future = client.recall(CHAT, 1);
        ClientFrame.Recall frame = server.received().await(ClientFrame.Recall.class);
        server.send(new ServerFrame.Error(code, "refused for the test", frame.clientMsgId(), null));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(code));
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(server.received().all(ClientFrame.Recall.class)).hasSize(1); // not retried
    }

    @Test
    void recall_sendsTheSameClientMsgIdAgain_afterUnavailable_andAfterAReconnect() throws Exception {
        connect(alice(server));
        sentByAlice("oops", 1);

        CompletableFuture<ServerFrame.SendAck> future = client.recall(CHAT, 1);
        ClientFrame.Recall first = server.received().await(ClientFrame.Recall.class);
        server.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "pipeline busy", first.clientMsgId(), null));
        ClientFrame.Recall again = server.received().await(ClientFrame.Recall.class);
        client.disconnectAbruptly();
        ClientFrame.Recall afterReconnect = server.received().awaitOn(2, ClientFrame.Recall.class);
        server.send(new ServerFrame.SendAck(first.clientMsgId(), CHAT, 2, 6_000));

        assertThat(again).isEqualTo(first);
        assertThat(afterReconnect).isEqualTo(first);
        assertThat(future.get(5, TimeUnit.SECONDS).seq()).isEqualTo(2);
    }

    @Test
    void recall_sendsTheSameFrameAgain_whenNoSendAckComesWithinTheTimeout() throws Exception {
        connect(alice(server).sendTimeout(Duration.ofMillis(200)));

        client.recall(CHAT, 1);
        ClientFrame.Recall first = server.received().await(ClientFrame.Recall.class);
        ClientFrame.Recall again = server.received().await(ClientFrame.Recall.class);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void recall_withTheAppsClientMsgId_sharesOneFrameAndOneAnswer_whileItIsPending() throws Exception {
        connect(alice(server));
        ClientFrame.Recall frame = new ClientFrame.Recall("undo-1", CHAT, 1);

        CompletableFuture<ServerFrame.SendAck> first = client.recall(frame);
        CompletableFuture<ServerFrame.SendAck> repeat = client.recall(frame);
        server.received().await(ClientFrame.Recall.class);
        ServerFrame.SendAck ack = new ServerFrame.SendAck("undo-1", CHAT, 2, 6_000);
        server.send(ack);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(ack);
        assertThat(repeat.get(5, TimeUnit.SECONDS)).isEqualTo(ack);
        assertThat(server.received().all(ClientFrame.Recall.class)).hasSize(1);
    }

    @Test
    void recall_refusesAtOnce_whatTheServerWouldRefuse() throws Exception {
        connect(alice(server));

        assertThatThrownBy(() -> client.recall("not-a-conversation", 1))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> client.recall(CHAT, 0))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> client.recall(new ClientFrame.Recall("has space", CHAT, 1)))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    // ---- receiving recalls ----------------------------------------------------------------

    @Test
    void incomingRecall_reachesTheAppAsARecall_andIsAckedLikeAnyMessage() throws Exception {
        connect(alice(server));
        server.send(new ServerFrame.Push(fromBob(1)));

        server.send(new ServerFrame.Push(recallByBob(2, 1)));

        assertThat(inbox.take(2)).containsExactly(fromBob(1), recallByBob(2, 1));
        recalled.await(CHAT, 1);
        assertThat(server.received().await(ClientFrame.Ack.class, ack -> ack.seq() == 2)).isNotNull();
    }

    @Test
    void onRecalled_followsOnMessage_forTheSameRecall() throws Exception {
        client = alice(server).build();
        StringBuilder order = new StringBuilder();
        client.onMessage(m -> order.append("message ").append(m.seq()).append(';'));
        client.onRecalled((conversationId, seq) -> {
            order.append("recalled ").append(seq).append(';');
            recalled.accept(conversationId, seq);
        });
        connectAndSync(client);

        server.send(new ServerFrame.Push(fromBob(1)));
        server.send(new ServerFrame.Push(recallByBob(2, 1)));

        recalled.await(CHAT, 1);
        assertThat(order.toString()).isEqualTo("message 1;message 2;recalled 1;");
    }

    @Test
    void pulledMessage_thatWasRecalled_comesMarkedRecalled_withNoBody() throws Exception {
        server.store(fromBob(1));
        server.store(recallByBob(2, 1));
        server.recalled(CHAT, 1);

        connect(alice(server));

        Message original = inbox.take(1).get(0);
        assertThat(original.recalled()).isTrue();
        assertThat(original.body()).isEmpty();
        assertThat(original.from()).isEqualTo("bob");
        assertThat(original.seq()).isEqualTo(1);
        assertThat(inbox.take(1).get(0).isRecall()).isTrue();
    }

    @Test
    void messageWithoutKind_isText_andAnUnknownKind_stillReachesTheApp() throws Exception {
        connect(alice(server));

        server.sendRaw("{\"type\":\"push\",\"conversationId\":\"si_alice_bob\",\"seq\":1,\"from\":\"bob\","
                + "\"body\":\"plain\",\"clientMsgId\":\"b-1\",\"serverTime\":1001}");
        server.sendRaw("{\"type\":\"push\",\"conversationId\":\"si_alice_bob\",\"seq\":2,\"from\":\"bob\","
                + "\"body\":\"\",\"clientMsgId\":\"b-2\",\"serverTime\":1002,\"kind\":\"sticker\"}");

        Message text = inbox.take(1).get(0);
        assertThat(text.kind()).isNull();
        assertThat(text.isRecall()).isFalse();
        assertThat(text.body()).isEqualTo("plain");
        Message sticker = inbox.take(1).get(0);
        assertThat(sticker.kind()).isEqualTo("sticker");
        assertThat(sticker.isRecall()).isFalse();
        assertThat(server.received().await(ClientFrame.Ack.class, ack -> ack.seq() == 2)).isNotNull();
        assertThat(recalled.all()).isEmpty();
    }

    @Override
    void listen(ImClient client) {
        client.onRecalled(recalled);
    }

    /** Alice sends {@code body}; the server stores it as {@code seq}. */
    private void sentByAlice(String body, long seq) throws Exception {
        CompletableFuture<ServerFrame.SendAck> sent = client.send("bob", body);
        ClientFrame.Send frame = server.received().await(ClientFrame.Send.class);
        server.send(new ServerFrame.SendAck(frame.clientMsgId(), CHAT, seq, 5_000));
        sent.get(5, TimeUnit.SECONDS);
        inbox.take(1);
    }
}
