package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
import static dev.imlab.client.Fixtures.connectAndSync;
import static dev.imlab.client.Fixtures.fromBob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.fake.FakeImServer;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * imlab's {@code reconnect} frame, sent by a draining gateway: the client keeps its connection for
 * {@code afterMs}, then opens a new one at the same address (through a load balancer: another
 * gateway) instead of waiting to be cut off, and the spread the server chose is never shortened.
 */
class ImClientReconnectFrameTest {
    private static final long AFTER_MS = 400;

    private final FakeImServer server = new FakeImServer();
    private final Inbox inbox = new Inbox();
    private final LinkedBlockingQueue<ServerFrame.Error> errors = new LinkedBlockingQueue<>();
    private ImClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void reconnectFrame_keepsTheConnectionForAfterMs_thenMovesToANewOne_resendingWhatWaits() throws Exception {
        connect();
        CompletableFuture<ServerFrame.SendAck> pending = client.send("bob", "still there?");
        ClientFrame.Send first = server.received().await(ClientFrame.Send.class);
        long askedAt = System.nanoTime();

        server.send(new ServerFrame.Reconnect("draining", AFTER_MS));
        server.send(new ServerFrame.Push(fromBob(1))); // the draining gateway still serves the connection

        assertThat(inbox.take(1)).containsExactly(fromBob(1));
        server.received().awaitOn(2, ClientFrame.Sync.class);
        assertThat(server.connectedAtNanos(2) - askedAt).as("the new connection waited for afterMs")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(AFTER_MS));
        assertThat(server.received().awaitOn(2, ClientFrame.Send.class)).as("the unanswered send, same clientMsgId")
                .isEqualTo(first);
        server.send(new ServerFrame.SendAck(first.clientMsgId(), CHAT, 2, 9_000));
        assertThat(pending.get(5, TimeUnit.SECONDS).seq()).isEqualTo(2);
        awaitClosed(1);
        assertThat(server.connectionCount()).isEqualTo(2);
        assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        assertThat(errors).as("the frame is understood, not reported as unknown").isEmpty();
    }

    @Test
    void reconnectFrame_thenTheServerDropsEarlier_theReconnectStillWaitsForAfterMs() throws Exception {
        connect();
        long askedAt = System.nanoTime();

        server.send(new ServerFrame.Reconnect("draining", AFTER_MS));
        client.ping().get(5, TimeUnit.SECONDS); // its pong came after the frame: the client has read the frame
        server.drop(); // back-off alone would be 10 to 50 ms here

        server.received().awaitOn(2, ClientFrame.Sync.class);
        assertThat(server.connectedAtNanos(2) - askedAt).as("no earlier than the server's spread put it")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(AFTER_MS));
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(errors).isEmpty();
    }

    private void connect() throws Exception {
        client = alice(server).build();
        client.onMessage(inbox);
        client.onError(errors::add);
        connectAndSync(client);
    }

    private void awaitClosed(int connection) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.isOpen(connection)) {
            assertThat(System.nanoTime()).as("connection %d closed by the client", connection).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
