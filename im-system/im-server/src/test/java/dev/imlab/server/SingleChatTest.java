package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Single chat through the whole pipeline (gateway, Kafka, transfer, MongoDB, push, confirm), driven by the SDK. */
class SingleChatTest {
    private final TestServer server = TestServer.shared();
    private final List<ImClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ImClient::close);
    }

    private ImClient connect(String user, String device, List<Message> inbox) {
        ImClient client = server.client(user, device).build();
        client.onMessage(inbox::add);
        client.connect();
        clients.add(client);
        return client;
    }

    private static List<Message> from(List<Message> inbox, String sender) {
        return inbox.stream().filter(m -> m.from().equals(sender)).toList();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aliceAndBob_chatOnline_bothWays() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        List<Message> aliceInbox = new CopyOnWriteArrayList<>();
        List<Message> bobInbox = new CopyOnWriteArrayList<>();
        ImClient a = connect(alice, "phone", aliceInbox);
        ImClient b = connect(bob, "laptop", bobInbox);

        ServerFrame.SendAck first = a.send(bob, "hi bob").orTimeout(30, TimeUnit.SECONDS).join();
        await(() -> from(bobInbox, alice).size() == 1);
        ServerFrame.SendAck second = b.send(alice, "hi alice").orTimeout(30, TimeUnit.SECONDS).join();
        await(() -> from(aliceInbox, bob).size() == 1);

        String conversation = ConversationId.single(alice, bob).value();
        assertThat(first.conversationId()).isEqualTo(conversation);
        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        Message atBob = from(bobInbox, alice).get(0);
        assertThat(atBob.body()).isEqualTo("hi bob");
        assertThat(atBob.seq()).isEqualTo(1);
        assertThat(atBob.clientMsgId()).isEqualTo(first.clientMsgId());
        assertThat(from(aliceInbox, bob).get(0).body()).isEqualTo("hi alice");
        assertThat(from(aliceInbox, bob).get(0).seq()).isEqualTo(2);
    }

    @Test
    void offlineBob_syncsAndPullsExactlyTheFiftyMessages_inSeqOrder() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        ImClient a = connect(alice, "phone", new CopyOnWriteArrayList<>());
        List<CompletableFuture<ServerFrame.SendAck>> acks = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            acks.add(a.send(bob, "message " + i));
        }
        acks.forEach(f -> f.orTimeout(30, TimeUnit.SECONDS).join());

        ImClient b = server.client(bob, "laptop").autoAck(false).build();
        clients.add(b);
        b.connect();
        String conversation = ConversationId.single(alice, bob).value();
        List<ServerFrame.ConversationState> sync = b.sync().orTimeout(30, TimeUnit.SECONDS).join();
        // v2: all 50 unread for bob; alice read what she sent (peerReadSeq, imlab's extension)
        assertThat(sync).containsExactly(new ServerFrame.ConversationState(conversation, 50, 0, 1, 0, 50, 50L));
        List<Message> pulled = b.pull(conversation, 1, 50, 200).orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(pulled).extracting(Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(pulled).extracting(Message::body)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).mapToObj(i -> "message " + i).toList());
        assertThat(pulled).allMatch(m -> m.from().equals(alice) && m.conversationId().equals(conversation));
    }

    @Test
    void thousandConcurrentSends_fromTwoDevices_getSeqsOneToThousand_withoutGapsOrDuplicates() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        List<Message> aliceInbox = new CopyOnWriteArrayList<>();
        List<Message> bobInbox = new CopyOnWriteArrayList<>();
        ImClient a = connect(alice, "phone", aliceInbox);
        ImClient b = connect(bob, "laptop", bobInbox);

        List<CompletableFuture<ServerFrame.SendAck>> acks = new ArrayList<>();
        Thread fromAlice = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                acks.add(a.send(bob, "a" + i));
            }
        });
        List<CompletableFuture<ServerFrame.SendAck>> bobAcks = new ArrayList<>();
        Thread fromBob = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                bobAcks.add(b.send(alice, "b" + i));
            }
        });
        fromAlice.start();
        fromBob.start();
        join(fromAlice);
        join(fromBob);
        acks.addAll(bobAcks);

        List<Long> seqs = acks.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join().seq()).sorted().toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        await(() -> from(bobInbox, alice).size() >= 500 && from(aliceInbox, bob).size() >= 500);
        assertThat(from(bobInbox, alice)).extracting(Message::body).doesNotHaveDuplicates().hasSize(500);
        assertThat(from(aliceInbox, bob)).extracting(Message::body).doesNotHaveDuplicates().hasSize(500);
        assertThat(from(bobInbox, alice)).extracting(Message::seq).isSorted();
    }

    @Test
    void send_returnsSameAck_whenClientMsgIdRepeats() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        ImClient a = connect(alice, "phone", new CopyOnWriteArrayList<>());

        ServerFrame.SendAck first = a.send(new ClientFrame.Send("fixed-id-1", bob, null, "first"))
                .orTimeout(30, TimeUnit.SECONDS).join();
        ServerFrame.SendAck again = a.send(new ClientFrame.Send("fixed-id-1", bob, null, "a different body"))
                .orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(again).isEqualTo(first);
        List<Message> stored = a.pull(first.conversationId(), 1, 10, 10).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(stored).extracting(Message::body).containsExactly("first");
    }

    @Test
    void secondDeviceOfAlice_receivesHerOwnMessages_asPush() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        List<Message> tabletInbox = new CopyOnWriteArrayList<>();
        ImClient phone = connect(alice, "phone", new CopyOnWriteArrayList<>());
        connect(alice, "tablet", tabletInbox);

        ServerFrame.SendAck ack = phone.send(bob, "from my phone").orTimeout(30, TimeUnit.SECONDS).join();

        await(() -> !tabletInbox.isEmpty());
        Message atTablet = tabletInbox.get(0);
        assertThat(atTablet.from()).isEqualTo(alice);
        assertThat(atTablet.seq()).isEqualTo(ack.seq());
        assertThat(atTablet.body()).isEqualTo("from my phone");
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
