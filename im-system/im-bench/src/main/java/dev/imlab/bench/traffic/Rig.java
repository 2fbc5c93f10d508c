package dev.imlab.bench.traffic;

import dev.imlab.bench.wire.WsClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.testsupport.check.DeliveryChecker;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the message scenarios share: users, their connections ({@link Peer}s), the delivery
 * checker, latency recorders and counters. Latency is measured in one JVM: the send time travels
 * in the clientMsgId ({@code <n>-<nanoTime>}), so receiving it needs no lookup.
 */
public final class Rig implements AutoCloseable {
    public static final String PASSWORD = "bench-pass-1";

    /** Raw push frames: the gateway may re-send one a device has not acked yet. */
    final DeliveryChecker checker = DeliveryChecker.forRawPushes();
    /** send to push, µs. */
    final Recorder endToEnd = new Recorder(3);
    /** send to send_ack, µs. */
    final Recorder toAck = new Recorder(3);
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder reads = new LongAdder();
    /** Whether each device marks read what it acks (a {@code read} frame beside each ack). */
    volatile boolean readWhatIsAcked;
    final Map<ErrorCode, LongAdder> errors = new ConcurrentHashMap<>();
    final WsClient client;
    private final URI base;
    private final ImHttpApi http;
    private final String prefix;
    volatile boolean sending = true;

    public Rig(URI base, int clientThreads) {
        this.base = base;
        this.http = new ImHttpApi(base);
        this.client = new WsClient(clientThreads);
        this.prefix = "b" + Long.toString(System.currentTimeMillis(), 36);
    }

    /** A user id unique to this run (no underscore: it separates conversation id parts). */
    public String user(String role, int i) {
        return prefix + "-" + role + i;
    }

    /** Registers the users, 8 at a time, and returns their tokens in the same order. */
    public List<String> registerAndLogin(List<String> users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> tokens = new ArrayList<>();
            for (String u : users) {
                tokens.add(CompletableFuture.supplyAsync(() -> {
                    http.register(u, PASSWORD);
                    return http.token(u, PASSWORD, "bench").token();
                }, pool));
            }
            List<String> out = new ArrayList<>();
            for (CompletableFuture<String> t : tokens) {
                out.add(t.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    public ImHttpApi http() {
        return http;
    }

    /** Connects one device; throws if the handshake fails. */
    public Peer connect(String userId, String token) throws Exception {
        Peer peer = new Peer(this, userId);
        peer.open(base, token);
        peers.add(peer);
        return peer;
    }

    final List<Peer> peers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Sends not yet acked, over all peers. */
    public long pendingSends() {
        long n = 0;
        for (Peer p : peers) {
            n += p.pending();
        }
        return n;
    }

    public DeliveryChecker checker() {
        return checker;
    }

    public Recorder endToEnd() {
        return endToEnd;
    }

    public Recorder toAck() {
        return toAck;
    }

    public long sent() {
        return sent.sum();
    }

    public long acked() {
        return acked.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    /** From now on every device sends, beside each ack, a {@code read} up to the same seq: an app showing what arrives. */
    public void readWhatIsAcked() {
        readWhatIsAcked = true;
    }

    public long reads() {
        return reads.sum();
    }

    public Map<ErrorCode, LongAdder> errors() {
        return errors;
    }

    /** Stops every sender: nothing new is sent, re-sends of refused messages still go out. */
    public void stopSending() {
        sending = false;
    }

    public boolean sending() {
        return sending;
    }

    @Override
    public void close() {
        client.close();
    }
}
