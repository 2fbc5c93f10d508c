package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
import static dev.imlab.client.Fixtures.connectAndSync;
import static dev.imlab.client.Fixtures.fromBob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ImClientConnectionTest extends FakeServerTest {

    @Test
    void connect_throwsUnauthorized_whenTheHandshakeIsRefused() {
        client = alice(server).token("forged").build();

        assertThatThrownBy(client::connect)
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
    }

    @Test
    void reconnect_afterAnAbruptDrop_resendsThePendingSendWithTheSameClientMsgId_andCatchesUp() throws Exception {
        connect(alice(server));
        CompletableFuture<ServerFrame.SendAck> future = client.send("bob", "are you there?");
        ClientFrame.Send beforeDrop = server.received().await(ClientFrame.Send.class);
        server.store(fromBob(1)); // bob wrote while alice was away

        client.disconnectAbruptly();

        assertThat(server.received().awaitOn(2, ClientFrame.Send.class)).isEqualTo(beforeDrop);
        server.received().awaitOn(2, ClientFrame.Sync.class);
        assertThat(inbox.take(1)).containsExactly(fromBob(1));
        server.send(new ServerFrame.SendAck(beforeDrop.clientMsgId(), CHAT, 2, 9_000));
        assertThat(future.get(5, TimeUnit.SECONDS).seq()).isEqualTo(2);
    }

    @Test
    void reconnect_afterTheServerDroppedTheConnection() throws Exception {
        connect(alice(server));

        server.drop();

        server.received().awaitOn(2, ClientFrame.Sync.class);
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void reconnect_fetchesANewToken_whenTheServerRefusesTheOldOne() throws Exception {
        client = alice(server).token(null).password("s3cret-pass").build();
        client.onMessage(inbox);
        connectAndSync(client);

        server.revokeTokens();
        client.disconnectAbruptly();

        server.received().awaitOn(2, ClientFrame.Sync.class);
        assertThat(server.tokensIssued()).isEqualTo(2);
    }

    @Test
    void kicked_tellsTheApp_failsPendingSends_andDoesNotReconnect() throws Exception {
        connect(alice(server));
        LinkedBlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        client.onKicked(reasons::add);
        CompletableFuture<ServerFrame.SendAck> pending = client.send("bob", "hi");
        server.received().await(ClientFrame.Send.class);

        server.kick("alice/laptop connected elsewhere");

        assertThat(reasons.poll(5, TimeUnit.SECONDS)).isEqualTo("alice/laptop connected elsewhere");
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("kicked");
        assertThat(client.state()).isEqualTo(ConnectionState.KICKED);
        // Reconnect back-off is 10 to 50 ms here; five times that without a new connection means none is coming.
        assertThat(new CountDownLatch(1).await(250, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void error_withoutAPendingRequest_goesToOnError() throws Exception {
        connect(alice(server));
        LinkedBlockingQueue<ServerFrame.Error> errors = new LinkedBlockingQueue<>();
        client.onError(errors::add);

        client.sendRaw("not json").get(5, TimeUnit.SECONDS);

        ServerFrame.Error error = errors.poll(5, TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void onRawFrame_seesEveryTextFrame() throws Exception {
        connect(alice(server));
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        client.onRawFrame(frames::add);

        client.ping().get(5, TimeUnit.SECONDS);

        assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    void close_failsPendingSends_andRefusesNewOnes() throws Exception {
        connect(alice(server));
        CompletableFuture<ServerFrame.SendAck> pending = client.send("bob", "hi");
        server.received().await(ClientFrame.Send.class);

        client.close();

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(() -> client.send("bob", "late").get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(IllegalStateException.class);
    }
}
