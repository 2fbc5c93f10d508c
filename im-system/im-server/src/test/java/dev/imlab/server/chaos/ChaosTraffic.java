package dev.imlab.server.chaos;

import dev.imlab.client.ImClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.storage.read.ConversationStates;
import dev.imlab.testsupport.check.DeliveryChecker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pairs of SDK clients chatting at a steady rate through the cluster, every send and delivery
 * recorded in a {@link DeliveryChecker}. Bounded: it sends only between {@link #start()} and
 * {@link #stopSending()}.
 *
 * <p>The traffic uses every v2 feature: every {@value #RECALL_EVERY}th tick of a client recalls its
 * last acked message instead of sending (a recall is a message with a seq of its own, so the
 * checker counts it like one), each client reads every message it is handed, and the cluster
 * expires messages after a short TTL: a device told that seqs expired does not count them lost.
 */
final class ChaosTraffic implements AutoCloseable {
    private static final String PASSWORD = "s3cret-pass";
    static final int RECALL_EVERY = 8;

    /** One send: when it left and when its send_ack came (0 while pending). */
    private record Send(int client, long sentAt, CompletableFuture<Long> ackedAt) {
    }

    /** Behind the SDK's listener: the app must be handed each seq once. */
    final DeliveryChecker checker = DeliveryChecker.afterSdkDedupe();
    private final List<ImClient> clients = new ArrayList<>();
    private final ConcurrentLinkedQueue<Send> sends = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
    private final Duration interval;
    private final Random random = new Random(42);
    private final ConcurrentLinkedQueue<long[]> drops = new ConcurrentLinkedQueue<>();
    private final List<String> conversations = new ArrayList<>();
    /** Per client: its sends so far, and its last acked message not yet recalled (0: none). */
    private final AtomicInteger[] ticks;
    private final AtomicLong[] recallable;
    private final AtomicInteger recalls = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> recallsRefused = new ConcurrentLinkedQueue<>();

    ChaosTraffic(URI baseUri, String scenario, int pairs, Duration interval) {
        this.interval = interval;
        this.ticks = new AtomicInteger[pairs * 2];
        this.recallable = new AtomicLong[pairs * 2];
        for (int i = 0; i < pairs * 2; i++) {
            ticks[i] = new AtomicInteger();
            recallable[i] = new AtomicLong();
        }
        ImHttpApi http = new ImHttpApi(baseUri);
        for (int i = 0; i < pairs; i++) {
            String a = scenario + "-a" + i;
            String b = scenario + "-b" + i;
            http.register(a, PASSWORD);
            http.register(b, PASSWORD);
            String conversation = ConversationId.single(a, b).value();
            conversations.add(conversation);
            clients.add(connect(baseUri, a, conversation));
            clients.add(connect(baseUri, b, conversation));
        }
    }

    private ImClient connect(URI baseUri, String user, String conversation) {
        String device = user + "/phone";
        checker.member(device, conversation);
        ImClient client = ImClient.builder().baseUri(baseUri).userId(user).password(PASSWORD).deviceId("phone")
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
        client.onMessage(m -> {
            checker.delivered(device, m.conversationId(), m.seq(), m.clientMsgId());
            client.read(m.conversationId(), m.seq());
        });
        client.onExpired((conv, minSeq) -> checker.expired(device, conv, minSeq));
        client.connect();
        return client;
    }

    void start() {
        for (int i = 0; i < clients.size(); i++) {
            ImClient from = clients.get(i);
            String to = clients.get(i ^ 1).userId();
            int index = i;
            senders.scheduleAtFixedRate(() -> send(index, from, to), random.nextInt((int) interval.toMillis()),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void send(int client, ImClient from, String to) {
        long sentAt = System.nanoTime();
        long target = ticks[client].incrementAndGet() % RECALL_EVERY == 0 ? recallable[client].getAndSet(0) : 0;
        CompletableFuture<ServerFrame.SendAck> sending;
        if (target > 0) {
            recalls.incrementAndGet();
            sending = from.recall(conversations.get(client / 2), target).whenComplete((ack, error) -> {
                if (error != null) {
                    recallsRefused.add("recall of " + target + " by " + from.userId() + ": " + error);
                }
            });
        } else {
            sending = from.send(to, "m@" + sentAt).thenApply(ack -> {
                recallable[client].accumulateAndGet(ack.seq(), Math::max);
                return ack;
            });
        }
        CompletableFuture<Long> ackedAt = sending.thenApply(ack -> {
            checker.acked(ack.conversationId(), ack.seq(), ack.clientMsgId());
            return System.nanoTime();
        });
        sends.add(new Send(client, sentAt, ackedAt));
    }

    /** Recalls issued instead of a send. */
    int recalls() {
        return recalls.get();
    }

    /** Recalls the server refused (each one a bug here: only own, recent, not yet recalled messages are recalled). */
    List<String> recallsRefused() {
        return List.copyOf(recallsRefused);
    }

    /**
     * Waits until nothing is unread for any client, as the server's {@code sync} says, and checks
     * that every line it gets is consistent (unread as PROTOCOL.md computes it, read seq not beyond
     * the last seq): each client read what it was handed, sending moved its own
     * read seq, and a read lost with a connection is sent again after the next sync. Returns the
     * lines that never got there, empty when all did.
     */
    List<String> awaitAllRead(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                String conversation = conversations.get(i / 2);
                try {
                    for (ServerFrame.ConversationState line : clients.get(i).sync().get(5, TimeUnit.SECONDS)) {
                        boolean consistent = line.unread() == ConversationStates.unread(line.maxSeq(), line.minSeq(),
                                line.readSeq()) && line.readSeq() <= line.maxSeq();
                        if (!consistent) {
                            throw new AssertionError("inconsistent sync line " + line);
                        }
                        if (line.conversationId().equals(conversation) && line.unread() != 0) {
                            behind.add(clients.get(i).userId() + ": " + line);
                        }
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    behind.add(clients.get(i).userId() + ": sync failed: " + e);
                }
            }
            if (behind.isEmpty() || System.nanoTime() > deadline) {
                return behind;
            }
            Thread.sleep(200);
        }
    }

    /** Clients whose connection is open now. */
    int connectedClients() {
        return (int) clients.stream().filter(c -> c.state() == dev.imlab.client.ConnectionState.OPEN).count();
    }

    int clientCount() {
        return clients.size();
    }

    /** Drops a random client's connection without a close handshake; the SDK reconnects by itself. */
    void dropRandomClient() {
        int client = random.nextInt(clients.size());
        drops.add(new long[] {client, System.nanoTime()});
        clients.get(client).disconnectAbruptly();
    }

    /** Sends of dropped clients that were in flight when their connection dropped. */
    int inFlightAtDrops() {
        int count = 0;
        for (long[] drop : drops) {
            for (Send s : sends) {
                Long acked = s.ackedAt().getNow(null);
                if (s.client() == drop[0] && s.sentAt() < drop[1] && acked != null && acked > drop[1]) {
                    count++;
                }
            }
        }
        return count;
    }

    void stopSending() {
        senders.shutdownNow();
    }

    /** Waits until every send got its send_ack; returns how many never did. */
    int awaitAcks(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int pending = 0;
        for (Send s : sends) {
            long left = deadline - System.nanoTime();
            try {
                s.ackedAt().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                pending++;
            }
        }
        return pending;
    }

    boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!checker.allDelivered()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    List<String> conversations() {
        return conversations;
    }

    int sent() {
        return sends.size();
    }

    /** Sends that were in flight when the fault struck: sent before it, acked after it. */
    int inFlightAt(long faultAt) {
        return inFlightDuring(faultAt, faultAt);
    }

    /** Sends in flight at some moment of a change that took from {@code from} to {@code to}: sent before its end, acked after its start. */
    int inFlightDuring(long from, long to) {
        int count = 0;
        for (Send s : sends) {
            Long acked = s.ackedAt().getNow(null);
            if (s.sentAt() < to && acked != null && acked > from) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        clients.forEach(ImClient::close);
    }
}
