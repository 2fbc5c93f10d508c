package dev.imlab.server.chaos;

import dev.imlab.client.ImClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.protocol.ConversationId;
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

/**
 * Pairs of SDK clients chatting at a steady rate through the cluster, every send and delivery
 * recorded in a {@link DeliveryChecker}. Bounded: it sends only between {@link #start()} and
 * {@link #stopSending()}.
 */
final class ChaosTraffic implements AutoCloseable {
    private static final String PASSWORD = "s3cret-pass";

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

    ChaosTraffic(URI baseUri, String scenario, int pairs, Duration interval) {
        this.interval = interval;
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
        client.onMessage(m -> checker.delivered(device, m.conversationId(), m.seq(), m.clientMsgId()));
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
        CompletableFuture<Long> ackedAt = from.send(to, "m@" + sentAt).thenApply(ack -> {
            checker.acked(ack.conversationId(), ack.seq(), ack.clientMsgId());
            return System.nanoTime();
        });
        sends.add(new Send(client, sentAt, ackedAt));
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
        int count = 0;
        for (Send s : sends) {
            Long acked = s.ackedAt().getNow(null);
            if (s.sentAt() < faultAt && acked != null && acked > faultAt) {
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
