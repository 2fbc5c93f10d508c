package dev.imlab.client;

import static dev.imlab.client.Fixtures.CHAT;
import static dev.imlab.client.Fixtures.alice;
import static dev.imlab.client.Fixtures.fromAlice;
import static dev.imlab.client.Fixtures.fromBob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md v2, read state: read seqs, unread counts, read receipts. */
class ImClientReadTest extends FakeServerTest {
    private static final String GROUP = "sg_team";

    private final Heard unread = new Heard();
    private final Heard peerRead = new Heard();
    private final LinkedBlockingQueue<ServerFrame.ReadReceipt> receipts = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<ServerFrame.Error> errors = new LinkedBlockingQueue<>();

    @AfterEach
    void noErrors() {
        assertThat(errors).as("errors no request answered").isEmpty();
    }

    // ---- from sync ------------------------------------------------------------------------

    @Test
    void sync_seedsReadSeqAndUnread_andTellsTheUnreadListener() throws Exception {
        LongStream.rangeClosed(1, 5).forEach(seq -> server.store(fromBob(seq)));
        server.cursor(CHAT, 5);
        server.readSeq(CHAT, 2);

        connect(alice(server));

        unread.await(CHAT, 3);
        Conversation chat = client.conversation(CHAT).orElseThrow();
        assertThat(chat.readSeq()).isEqualTo(2);
        assertThat(chat.unread()).isEqualTo(3);
    }

    @Test
    void unread_leavesExpiredSeqsOut() throws Exception {
        LongStream.rangeClosed(1, 10).forEach(seq -> server.store(fromBob(seq)));
        server.cursor(CHAT, 10);
        server.readSeq(CHAT, 2);
        server.expire(CHAT, 6); // 3..5 were never read, but they are gone

        connect(alice(server));

        unread.await(CHAT, 5);
        assertThat(client.conversation(CHAT).orElseThrow().unread()).isEqualTo(5);
    }

    @Test
    void catchUp_doesNotCountTheMessagesTheSyncAlreadyCounted() throws Exception {
        LongStream.rangeClosed(1, 4).forEach(seq -> server.store(fromBob(seq)));

        connect(alice(server));

        inbox.take(4);
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(client.conversation(CHAT).orElseThrow().unread()).isEqualTo(4);
        assertThat(unread.all()).containsExactly(CHAT + "=4");
    }

    // ---- as messages arrive ---------------------------------------------------------------

    @Test
    void messageFromAnotherUser_raisesUnreadByOne() throws Exception {
        connect(alice(server));

        server.send(new ServerFrame.Push(fromBob(1)));
        server.send(new ServerFrame.Push(fromBob(2)));

        unread.await(CHAT, 2);
        assertThat(unread.all()).containsExactly(CHAT + "=1", CHAT + "=2");
    }

    @Test
    void ownMessage_neverCountsAsUnread_andMovesTheReadSeqWithoutAReadFrame() throws Exception {
        connect(alice(server));
        server.send(new ServerFrame.Push(fromBob(1)));
        unread.await(CHAT, 1);

        client.send("bob", "hi bob");
        ClientFrame.Send sent = server.received().await(ClientFrame.Send.class);
        server.send(new ServerFrame.SendAck(sent.clientMsgId(), CHAT, 2, 5_000));
        server.send(new ServerFrame.Push(fromAlice(3))); // from alice's phone

        unread.await(CHAT, 0);
        inbox.take(3);
        client.ping().get(5, TimeUnit.SECONDS);
        Conversation chat = client.conversation(CHAT).orElseThrow();
        assertThat(chat.readSeq()).isEqualTo(3);
        assertThat(chat.unread()).isZero();
        assertThat(unread.all()).containsExactly(CHAT + "=1", CHAT + "=0");
        assertThat(server.received().all(ClientFrame.Read.class)).isEmpty(); // the server moved it when storing
    }

    // ---- read(...) ------------------------------------------------------------------------

    @Test
    void read_movesReadSeqAndUnread_andSendsTheReadFrame() throws Exception {
        connect(alice(server));
        pushFromBob(1, 3);
        unread.await(CHAT, 3);

        client.read(CHAT, 2);

        unread.await(CHAT, 1);
        assertThat(client.conversation(CHAT).orElseThrow().readSeq()).isEqualTo(2);
        assertThat(server.received().await(ClientFrame.Read.class)).isEqualTo(new ClientFrame.Read(CHAT, 2));
    }

    @Test
    void read_neverMovesBack() throws Exception {
        connect(alice(server));
        pushFromBob(1, 3);

        client.read(CHAT, 3);
        client.read(CHAT, 1);
        client.ping().get(5, TimeUnit.SECONDS);

        assertThat(server.received().all(ClientFrame.Read.class)).containsExactly(new ClientFrame.Read(CHAT, 3));
        assertThat(client.conversation(CHAT).orElseThrow().readSeq()).isEqualTo(3);
    }

    @Test
    void read_sendsOneFramePerConversationAndDelay_withTheHighestSeq() throws Exception {
        connect(alice(server).readDelay(Duration.ofMillis(300)));
        pushFromBob(1, 3);
        server.send(new ServerFrame.Push(groupMessage(1)));
        inbox.take(1);

        client.read(CHAT, 1);
        client.read(CHAT, 2);
        client.read(GROUP, 1);
        client.read(CHAT, 3);

        ClientFrame.Read first = server.received().await(ClientFrame.Read.class);
        ClientFrame.Read second = server.received().await(ClientFrame.Read.class);
        assertThat(List.of(first, second))
                .containsExactlyInAnyOrder(new ClientFrame.Read(CHAT, 3), new ClientFrame.Read(GROUP, 1));
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(server.received().all(ClientFrame.Read.class)).hasSize(2);
    }

    @Test
    void read_refusesASeqBeyondTheLastOneTheClientKnows() throws Exception {
        connect(alice(server));
        pushFromBob(1, 2);

        assertThatThrownBy(() -> client.read(CHAT, 3))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> client.read("sg_unknown", 1))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(server.received().all(ClientFrame.Read.class)).isEmpty();
    }

    @Test
    void readAll_readsUpToTheLastKnownSeq() throws Exception {
        connect(alice(server));
        pushFromBob(1, 4);

        client.readAll(CHAT);

        unread.await(CHAT, 0);
        assertThat(server.received().await(ClientFrame.Read.class)).isEqualTo(new ClientFrame.Read(CHAT, 4));
    }

    @Test
    void read_whileDisconnected_goesOutOnTheNextConnection() throws Exception {
        connect(alice(server));
        pushFromBob(1, 2);

        client.disconnectAbruptly();
        client.read(CHAT, 2); // posted after the disconnect, so it waits for the reconnect

        assertThat(server.received().awaitOn(2, ClientFrame.Read.class)).isEqualTo(new ClientFrame.Read(CHAT, 2));
        assertThat(server.received().all(ClientFrame.Read.class)).hasSize(1);
    }

    @Test
    void refusedRead_goesToOnError() throws Exception {
        connect(alice(server));

        server.send(new ServerFrame.Error(ErrorCode.NOT_MEMBER, "alice left team", "read", null));

        ServerFrame.Error error = errors.poll(5, TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.NOT_MEMBER);
    }

    // ---- read receipts --------------------------------------------------------------------

    @Test
    void receiptOfAnotherDeviceOfTheUser_movesTheReadSeq_andSendsNoReadFrame() throws Exception {
        connect(alice(server));
        pushFromBob(1, 3);
        unread.await(CHAT, 3);

        server.send(new ServerFrame.ReadReceipt(CHAT, "alice", 3)); // read on alice's phone

        unread.await(CHAT, 0);
        assertThat(receipts.poll(5, TimeUnit.SECONDS)).isEqualTo(new ServerFrame.ReadReceipt(CHAT, "alice", 3));
        client.read(CHAT, 3); // already read: nothing to tell the server
        client.ping().get(5, TimeUnit.SECONDS);
        assertThat(client.conversation(CHAT).orElseThrow().readSeq()).isEqualTo(3);
        assertThat(server.received().all(ClientFrame.Read.class)).isEmpty();
    }

    @Test
    void receiptOfThePeer_raisesPeerReadSeq_soOwnMessagesShowRead() throws Exception {
        connect(alice(server));
        server.send(new ServerFrame.Push(fromAlice(1)));
        server.send(new ServerFrame.Push(fromAlice(2)));
        inbox.take(2);

        server.send(new ServerFrame.ReadReceipt(CHAT, "bob", 1));

        peerRead.await(CHAT, 1);
        assertThat(receipts.poll(5, TimeUnit.SECONDS)).isEqualTo(new ServerFrame.ReadReceipt(CHAT, "bob", 1));
        Conversation chat = client.conversation(CHAT).orElseThrow();
        assertThat(chat.peerReadSeq()).isEqualTo(1);
        assertThat(chat.readByPeer(1)).isTrue();
        assertThat(chat.readByPeer(2)).isFalse();
        assertThat(chat.readSeq()).isEqualTo(2); // alice's own read seq is not the peer's
    }

    @Test
    void peerReadSeq_comesFromSync_afterAReconnect() throws Exception {
        server.store(fromAlice(1));
        server.store(fromAlice(2));
        server.cursor(CHAT, 2);
        connect(alice(server));
        assertThat(client.conversation(CHAT).orElseThrow().peerReadSeq()).isZero();

        server.peerReadSeq(CHAT, 2); // bob read while alice was offline: his receipt never reached her
        client.disconnectAbruptly();

        peerRead.await(CHAT, 2);
        assertThat(client.conversation(CHAT).orElseThrow().peerReadSeq()).isEqualTo(2);
    }

    @Test
    void peersMessage_meansThePeerReadEverythingBeforeIt() throws Exception {
        connect(alice(server));
        server.send(new ServerFrame.Push(fromAlice(1)));

        server.send(new ServerFrame.Push(fromBob(2))); // sending moved bob's read seq to 2

        peerRead.await(CHAT, 2);
    }

    @Test
    void groupMessages_neverMoveAPeerReadSeq() throws Exception {
        connect(alice(server));

        server.send(new ServerFrame.Push(groupMessage(1)));
        unread.await(GROUP, 1);

        assertThat(client.conversation(GROUP).orElseThrow().peerReadSeq()).isZero();
        assertThat(peerRead.all()).isEmpty();
    }

    @Override
    void listen(ImClient client) {
        client.onUnread(unread).onPeerRead(peerRead).onReadReceipt(receipts::add).onError(errors::add);
    }

    private void pushFromBob(long from, long to) {
        LongStream.rangeClosed(from, to).forEach(seq -> server.send(new ServerFrame.Push(fromBob(seq))));
        inbox.take((int) (to - from + 1));
    }

    private static Message groupMessage(long seq) {
        return new Message(GROUP, seq, "carol", "hey team", "carol-pc-" + seq, 2_000 + seq, "team");
    }
}
