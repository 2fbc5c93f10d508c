package dev.imlab.bench.peers.imlab;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.cluster.ServerStats;
import dev.imlab.bench.peers.ChatConnection;
import dev.imlab.bench.peers.ChatListener;
import dev.imlab.bench.peers.PeerSystem;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.traffic.Rig;
import dev.imlab.bench.wire.Tokens;
import dev.imlab.client.ImHttpApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * imlab as the other scenarios run it: one JVM with every role and the embedded Kafka, Redis and
 * MongoDB stand-in ({@link ImlabCluster}: rate limits far above the load, fsync on), or a running
 * cluster at {@code --target} with its {@code --token-secret}. The users who talk are registered;
 * every connection presents a token signed with the cluster's secret, which the gateway verifies.
 */
public final class ImlabSystem implements PeerSystem {
    private static final int REGISTER_THREADS = 8;

    private final Options options;
    private ImlabCluster cluster;
    private Tokens tokens;

    public ImlabSystem(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "imlab";
    }

    @Override
    public String missing() {
        return null; // built from this source tree; ImlabCluster says where it looked if the jar is missing
    }

    @Override
    public void start(Path dir, Users users) throws Exception {
        cluster = ImlabCluster.startOrAttach(options, dir, 0);
        if (cluster.tokenSecret() == null) {
            throw new IllegalArgumentException("peers against --target needs --token-secret (the cluster's "
                        + "imlab.auth.token-secret), and the cluster must run with imlab.auth.require-registered-user=false");
        }
        tokens = new Tokens(cluster.tokenSecret());
        ImHttpApi http = new ImHttpApi(cluster.baseUri());
        ExecutorService pool = Executors.newFixedThreadPool(REGISTER_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String u : users.talkers()) {
                done.add(pool.submit(() -> http.register(u, Rig.PASSWORD)));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public long serverPid() {
        return cluster.mainPid();
    }

    @Override
    public void settleMemory() {
        ProcessProbe.liveHeapBytes(cluster.mainPid()); // a full GC, as the connections scenario reads RSS after one
    }

    /** The server's own latency per hop of its recently delivered messages, or null if it reports none. */
    public JsonNode hops() {
        return ServerStats.hops(ServerStats.read(cluster.baseUri()));
    }

    @Override
    public Map<String, Object> setup() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", "imlab JSON frames over WebSocket (protocol.adoc)");
        m.put("process", cluster.started() ? "one JVM: gateway, transfer, push, confirm + embedded Kafka, Redis, MongoDB stand-in"
                : "attached to " + cluster.baseUri());
        m.put("heap", options.string("server-heap", "1g"));
        m.put("storage", ImlabCluster.storesNothing(options) ? "memory (keeps nothing)"
                : "MongoDB stand-in on disk, fsync " + options.string("mongo-fsync", "true"));
        m.put("auth", "HMAC-signed token checked at the WebSocket handshake; talkers registered over HTTP");
        m.put("limits", "gateway rate limit 1,000,000/s, max in flight " + options.integer("server-max-in-flight", 20_000));
        return m;
    }

    @Override
    public Promise promise() {
        return new Promise("durable ack, gap-free seq, dedup, resend until acked", List.of(
                "send_ack only after the message is stored (MongoDB stand-in, fsync on), with its seq",
                "seq per conversation without gaps: a receiver sees what it missed and pulls it",
                "a re-sent clientMsgId gets the same seq and ack, never a second message",
                "pushes are re-sent until the receiving device acks them; the client drops repeats by seq"));
    }

    @Override
    public CompletableFuture<ChatConnection> connect(ClientTransport transport, String user, ChatListener listener) {
        return ImlabConnection.open(transport, Tokens.wsUri(cluster.baseUri(), tokens.sign(user, "peers")), listener);
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
