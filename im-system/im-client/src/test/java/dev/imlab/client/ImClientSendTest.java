package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
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

class ImClientSendTest extends FakeServerTest {

    @Test
    void send_givesEachMessageItsOwnDeviceScopedClientMsgId() throws Exception {
        connect(alice(server));

        client.send("bob", "one");
        client.send("bob", "two");
        ClientFrame.Send first = server.received().await(ClientFrame.Send.class);
        ClientFrame.Send second = server.received().await(ClientFrame.Send.class);

        assertThat(first.clientMsgId()).startsWith("laptop-").isNotEqualTo(second.clientMsgId());
        assertThat(first).isEqualTo(new ClientFrame.Send(first.clientMsgId(), "bob", null, "one"));
    }

    @Test
    void send_completesWithTheSendAck_andDeliversTheOwnMessageAtItsSeq() throws Exception {
        connect(alice(server));

        CompletableFuture<ServerFrame.SendAck> future = client.sendToGroup("team", "hi all");
        ClientFrame.Send sent = server.received().await(ClientFrame.Send.class);
        ServerFrame.SendAck ack = new ServerFrame.SendAck(sent.clientMsgId(), "sg_team", 1, 5_000);
        server.send(ack);

        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(ack);
        assertThat(inbox.take(1)).containsExactly(
                new Message("sg_team", 1, "alice", "hi all", sent.clientMsgId(), 5_000, "team"));
    }

    @Test
    void send_failsWithTheServersCode_whenAnErrorRefsItsClientMsgId() throws Exception {
        connect(alice(server));

        CompletableFuture<ServerFrame.SendAck> future = client.sendToGroup("team", "hi");
        ClientFrame.Send sent = server.received().await(ClientFrame.Send.class);
        server.send(new ServerFrame.Error(ErrorCode.NOT_MEMBER, "alice is not in team", sent.clientMsgId(), null));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ImException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER);
                    assertThat(e.getMessage()).isEqualTo("alice is not in team");
                });
    }

    @Test
    void send_sendsTheSameClientMsgIdAgain_whenRefusedWithUnavailable() throws Exception {
        connect(alice(server));

        CompletableFuture<ServerFrame.SendAck> future = client.send("bob", "hi");
        ClientFrame.Send first = server.received().await(ClientFrame.Send.class);
        server.send(new ServerFrame.Error(ErrorCode.UNAVAILABLE, "pipeline busy", first.clientMsgId(), null));
        ClientFrame.Send again = server.received().await(ClientFrame.Send.class);
        server.send(new ServerFrame.SendAck(again.clientMsgId(), CHAT, 1, 5_000));

        assertThat(again).isEqualTo(first);
        assertThat(future.get(5, TimeUnit.SECONDS).seq()).isEqualTo(1);
    }

    @Test
    void send_waitsRetryAfterMs_whenRateLimited() throws Exception {
        connect(alice(server));

        CompletableFuture<ServerFrame.SendAck> future = client.send(new ClientFrame.Send("my-id-1", "bob", null, "hi"));
        server.received().await(ClientFrame.Send.class);
        long refusedAt = System.nanoTime();
        server.send(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "slow down", "my-id-1", 300L));
        ClientFrame.Send again = server.received().await(ClientFrame.Send.class);
        long waitedMillis = (System.nanoTime() - refusedAt) / 1_000_000;

        assertThat(again.clientMsgId()).isEqualTo("my-id-1");
        assertThat(waitedMillis).isGreaterThanOrEqualTo(300);
        assertThat(future).isNotDone();
    }

    @Test
    void send_sendsTheSameFrameAgain_whenNoSendAckComesWithinTheTimeout() throws Exception {
        connect(alice(server).sendTimeout(Duration.ofMillis(200)));

        client.send("bob", "hi");
        ClientFrame.Send first = server.received().await(ClientFrame.Send.class);
        ClientFrame.Send again = server.received().await(ClientFrame.Send.class);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void send_refusesAtOnce_whatTheServerWouldRefuse() throws Exception {
        connect(alice(server));

        assertThatThrownBy(() -> client.send("alice", "talking to myself"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> client.send("bob", "x".repeat(4097)))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThatThrownBy(() -> client.send(new ClientFrame.Send("has space", "bob", null, "hi")))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }
}
