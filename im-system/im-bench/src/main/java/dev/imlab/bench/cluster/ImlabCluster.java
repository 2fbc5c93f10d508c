package dev.imlab.bench.cluster;

import dev.imlab.bench.cli.Options;
import dev.imlab.client.ImHttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The imlab under test: either one the bench starts (one JVM with every role and the embedded
 * Kafka, Redis and MongoDB, plus gateway-only JVMs when asked for), or a running one at
 * {@code --target}. Started servers get free ports, a fresh data folder, BCrypt cost 4 (the bench
 * measures messaging, not password hashing), rate limits far above the offered load, and a known
 * token secret so the bench can sign tokens for many users without a login each.
 */
public final class ImlabCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private final URI baseUri;
    private final List<URI> gatewayUris;
    private final String kafkaBootstrap;
    private final String tokenSecret;
    private final List<ChildJvm> gatewayJvms = new ArrayList<>();
    private ChildJvm main;
    private final boolean started;
    private final Path jfrFile;

    private ImlabCluster(URI baseUri, List<URI> gatewayUris, String kafkaBootstrap, String tokenSecret, boolean started,
                         Path jfrFile) {
        this.baseUri = baseUri;
        this.gatewayUris = gatewayUris;
        this.kafkaBootstrap = kafkaBootstrap;
        this.tokenSecret = tokenSecret;
        this.started = started;
        this.jfrFile = jfrFile;
    }

    /**
     * @param extraGateways gateway-only JVMs to start beside the main one; the clients of a
     *        connections run go to these only, so the main JVM's infrastructure is not in their memory
     */
    public static ImlabCluster startOrAttach(Options o, Path outDir, int extraGateways) {
        String target = o.string("target", null);
        if (target != null) {
            List<URI> gateways = new ArrayList<>();
            for (String g : o.string("gateways-at", target).split(",")) {
                gateways.add(URI.create(g.trim()));
            }
            return new ImlabCluster(URI.create(target), gateways, o.string("kafka", null), o.string("token-secret", null),
                    false, null);
        }
        Path jar = ServerJar.locate(o.string("server-jar", null));
        Path data;
        try {
            data = Files.createTempDirectory("imlab-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        int http = freePort();
        int kafka = freePort();
        int redis = freePort();
        int mongo = freePort();
        List<String> jvm = jvmArgs(o);
        Path jfr = null;
        if (o.flag("profile")) {
            jfr = outDir.resolve("server.jfr");
            jvm.add("-XX:StartFlightRecording=name=bench,settings=profile");
        }
        List<String> common = new ArrayList<>(List.of("-jar", jar.toString(),
                "--imlab.auth.bcrypt-cost=4", "--imlab.auth.token-secret=" + secret,
                "--imlab.gateway.rate-per-second=1000000", "--imlab.gateway.rate-burst=1000000",
                "--imlab.gateway.max-in-flight=" + o.integer("server-max-in-flight", 20_000)));
        List<String> launch = new ArrayList<>(common);
        launch.addAll(List.of("--imlab.data-dir=" + data.resolve("main"), "--imlab.gateway.port=" + http,
                "--imlab.embedded.kafka-port=" + kafka, "--imlab.embedded.redis-port=" + redis,
                "--imlab.embedded.mongo-port=" + mongo));
        if (o.string("mongo-fsync", null) != null) {
            launch.add("--imlab.embedded.mongo-fsync=" + o.string("mongo-fsync", "true"));
        }
        URI base = URI.create("http://127.0.0.1:" + http);
        ImlabCluster cluster = new ImlabCluster(base, new ArrayList<>(), "127.0.0.1:" + kafka, secret, true, jfr);
        try {
            cluster.main = ChildJvm.start("imlab-main", jvm, launch, outDir.resolve("logs/imlab-main.log"));
            awaitHealthy(cluster.main, base);
            List<URI> extra = new ArrayList<>();
            for (int i = 0; i < extraGateways; i++) {
                int port = freePort();
                List<String> gw = new ArrayList<>(common);
                gw.addAll(List.of("--imlab.roles=gateway", "--imlab.gateway.id=bench-gw-" + i,
                        "--imlab.data-dir=" + data.resolve("gw-" + i), "--imlab.gateway.port=" + port,
                        "--imlab.kafka.bootstrap-servers=127.0.0.1:" + kafka, "--imlab.redis.uri=redis://127.0.0.1:" + redis,
                        "--imlab.mongodb.uri=mongodb://127.0.0.1:" + mongo));
                ChildJvm child = ChildJvm.start("imlab-gw-" + i, jvmArgs(o), gw, outDir.resolve("logs/imlab-gw-" + i + ".log"));
                cluster.gatewayJvms.add(child);
                extra.add(URI.create("http://127.0.0.1:" + port));
            }
            for (int i = 0; i < extra.size(); i++) {
                awaitHealthy(cluster.gatewayJvms.get(i), extra.get(i));
            }
            cluster.gatewayUris.addAll(extra.isEmpty() ? List.of(base) : extra);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static List<String> jvmArgs(Options o) {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + o.string("server-heap", "1g"));
        String extra = o.string("server-jvm-args", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        return jvm;
    }

    private static void awaitHealthy(ChildJvm jvm, URI uri) {
        ImHttpApi http = new ImHttpApi(uri);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (http.health()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (!jvm.isAlive()) {
                throw new IllegalStateException(jvm.name() + " died while starting; see " + jvm.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jvm.name() + " not healthy in " + START_TIMEOUT.toSeconds() + " s; see " + jvm.log());
            }
            sleep(200);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Where clients connect: the extra gateways if any, else the main one (or {@code --gateways-at}). */
    public List<URI> gatewayUris() {
        return gatewayUris;
    }

    /** Null when attached to a cluster whose Kafka was not given. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** Null when attached to a cluster whose secret was not given. */
    public String tokenSecret() {
        return tokenSecret;
    }

    public boolean started() {
        return started;
    }

    /** PIDs of the JVMs that hold the client connections (empty when attached). */
    public List<Long> gatewayPids() {
        List<Long> pids = new ArrayList<>();
        if (!started) {
            return pids;
        }
        if (gatewayJvms.isEmpty()) {
            pids.add(main.pid());
        } else {
            gatewayJvms.forEach(g -> pids.add(g.pid()));
        }
        return pids;
    }

    public long mainPid() {
        return main == null ? -1 : main.pid();
    }

    /** Writes the JFR recording of the main JVM, if it is recording; the path or null. */
    public Path dumpProfile() {
        if (jfrFile == null || main == null || !main.isAlive()) {
            return null;
        }
        ProcessProbe.jcmd(main.pid(), "JFR.dump", "name=bench", "filename=" + jfrFile.toAbsolutePath());
        return Files.exists(jfrFile) ? jfrFile : null;
    }

    @Override
    public void close() {
        gatewayJvms.forEach(ChildJvm::close);
        if (main != null) {
            main.close();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
