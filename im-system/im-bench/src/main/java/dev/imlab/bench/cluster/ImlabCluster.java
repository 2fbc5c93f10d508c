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
 * {@code --target}. Started servers get free ports, a fresh data folder (deleted when the cluster
 * closes, unless {@code --keep-data}), BCrypt cost 4 (the bench measures messaging, not password
 * hashing), rate limits far above the offered load, and a known token secret so the bench can sign
 * tokens for many users without a login each. The main JVM can be killed and started again on the
 * same ports and data, and JVMs with other roles can join its infrastructure.
 */
public final class ImlabCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final int LOG_TAIL_LINES = 40;
    /** Often enough that a restart's time to healthy is read to a twentieth of a second. */
    private static final long HEALTH_POLL_MS = 50;

    private final URI baseUri;
    private final List<URI> gatewayUris;
    private final String kafkaBootstrap;
    private final String tokenSecret;
    private final List<ChildJvm> joined = new ArrayList<>();
    private final List<ChildJvm> gatewayJvms = new ArrayList<>();
    private final ServerLaunch launch;
    private final List<String> mainJvm;
    private final List<String> mainArgs;
    private final boolean keepData;
    private final Path jfrFile;
    private ChildJvm main;
    private int mainStarts;
    private Duration lastStart;

    private ImlabCluster(URI baseUri, List<URI> gatewayUris, String kafkaBootstrap, String tokenSecret, ServerLaunch launch,
                         List<String> mainJvm, List<String> mainArgs, boolean keepData, Path jfrFile) {
        this.baseUri = baseUri;
        this.gatewayUris = gatewayUris;
        this.kafkaBootstrap = kafkaBootstrap;
        this.tokenSecret = tokenSecret;
        this.launch = launch;
        this.mainJvm = mainJvm;
        this.mainArgs = mainArgs;
        this.keepData = keepData;
        this.jfrFile = jfrFile;
    }

    /**
     * @param extraGateways gateway-only JVMs to start beside the main one; the clients of a
     *        connections run go to these only, so the main JVM's infrastructure is not in their memory
     */
    public static ImlabCluster startOrAttach(Options o, Path outDir, int extraGateways) {
        String target = o.string("target", null);
        if (target == null) {
            return start(o, outDir, extraGateways, List.of());
        }
        List<URI> gateways = new ArrayList<>();
        for (String g : o.string("gateways-at", target).split(",")) {
            gateways.add(URI.create(g.trim()));
        }
        return new ImlabCluster(URI.create(target), gateways, o.string("kafka", null), o.string("token-secret", null),
                null, List.of(), List.of(), true, null);
    }

    /**
     * Starts a cluster and never attaches to {@code --target}: for scenarios that split the roles
     * over JVMs or kill the server, which nobody may do to a cluster the bench was only pointed at.
     *
     * @param serverArgs more arguments of the main JVM, e.g. {@code --imlab.roles=gateway,push}
     */
    public static ImlabCluster start(Options o, Path outDir, int extraGateways, List<String> serverArgs) {
        Path jar = ServerJar.locate(o.string("server-jar", null));
        Path data;
        try {
            data = Files.createTempDirectory("imlab-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        List<String> common = new ArrayList<>(List.of("-jar", jar.toString(),
                "--imlab.auth.bcrypt-cost=4", "--imlab.auth.token-secret=" + secret,
                // Scenarios sign tokens for users they never registered (wire/Tokens).
                "--imlab.auth.require-registered-user=false",
                "--imlab.gateway.max-in-flight=" + o.integer("server-max-in-flight", 20_000)));
        String extraArgs = o.string("server-args", "");
        if (!extraArgs.isBlank()) {
            // e.g. --server-args "--imlab.kafka.max-poll-records=4000": every server JVM of the run
            common.addAll(List.of(extraArgs.trim().split("\\s+")));
        }
        if (!o.flag("server-limits")) {
            // Thousands of users from this one machine: no per-address, per-user or per-connection limits.
            common.addAll(List.of("--imlab.limits.enabled=false", "--imlab.gateway.rate-per-second=1000000",
                    "--imlab.gateway.rate-burst=1000000"));
        }
        ServerLaunch launch = new ServerLaunch(data, outDir.resolve("logs"), jvmArgs(o), common, freePort(), freePort(),
                freePort(), freePort());
        List<String> mainArgs = new ArrayList<>(serverArgs);
        if (o.string("mongo-fsync", null) != null) {
            mainArgs.add("--imlab.embedded.mongo-fsync=" + o.string("mongo-fsync", "true"));
        }
        if (o.string("storage", null) != null) {
            mainArgs.add("--imlab.embedded.mongo-storage=" + o.string("storage", "disk"));
        }
        List<String> mainJvm = new ArrayList<>();
        Path jfr = null;
        if (o.flag("profile")) {
            jfr = outDir.resolve("server.jfr");
            mainJvm.add("-XX:StartFlightRecording=name=bench,settings=profile");
        }
        ImlabCluster cluster = new ImlabCluster(launch.baseUri(), new ArrayList<>(), launch.kafkaBootstrap(), secret, launch,
                mainJvm, mainArgs, o.flag("keep-data"), jfr);
        try {
            cluster.startMain();
            List<URI> extra = new ArrayList<>();
            for (int i = 0; i < extraGateways; i++) {
                int port = freePort();
                cluster.gatewayJvms.add(cluster.startJoining("gw-" + i, "gateway",
                        List.of("--imlab.gateway.id=bench-gw-" + i, "--imlab.gateway.port=" + port)));
                extra.add(URI.create("http://127.0.0.1:" + port));
            }
            for (int i = 0; i < extra.size(); i++) {
                awaitHealthy(cluster.gatewayJvms.get(i), extra.get(i));
            }
            cluster.gatewayUris.addAll(extra.isEmpty() ? List.of(cluster.baseUri) : extra);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Whether the bench starts the server on the MongoDB stand-in that keeps nothing ({@code --storage memory}). */
    public static boolean storesNothing(Options o) {
        return "memory".equals(o.string("storage", null)) && o.string("target", null) == null;
    }

    /** Starts the main JVM on the cluster's ports and data folder; returns once it answers UP. */
    private void startMain() {
        long start = System.nanoTime();
        main = launch.main(mainStarts++ == 0 ? "imlab-main" : "imlab-main-" + mainStarts, mainJvm, mainArgs);
        awaitHealthy(main, baseUri);
        lastStart = Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Starts a JVM with only {@code roles}, on the main JVM's Kafka, Redis and MongoDB; it stops
     * with the cluster. Not awaited: a JVM without a gateway has no health to ask.
     *
     * @param name unique in this cluster; names the JVM, its log and its data folder
     */
    public ChildJvm startJoining(String name, String roles, List<String> serverArgs) {
        ChildJvm child = launch.joining(name, roles, serverArgs);
        joined.add(child);
        return child;
    }

    /**
     * {@code kill -9} of the main JVM, as a crash: no shutdown hook runs, nothing is flushed or
     * closed, the embedded Redis it started is left behind (the next start stops it).
     */
    public void killMain() {
        main.kill();
    }

    /** Starts the main JVM again, same ports and data folder; the time from its start until it answered UP. */
    public Duration restartMain() {
        startMain();
        return lastStart;
    }

    /** From the last start of the main JVM until it answered UP; null when attached. */
    public Duration lastStart() {
        return lastStart;
    }

    /** The output of the main JVM started last; null when attached. */
    public Path mainLog() {
        return main == null ? null : main.log();
    }

    public boolean mainAlive() {
        return main != null && main.isAlive();
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

    /** The log's last lines, for an exception message: a test's temporary folder is gone when CI prints it. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- last lines of " + log.getFileName() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return " (log unreadable: " + e + ")";
        }
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
                throw new IllegalStateException(jvm.name() + " died while starting; see " + jvm.log() + tail(jvm.log()));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jvm.name() + " not healthy in " + START_TIMEOUT.toSeconds() + " s; see "
                        + jvm.log() + tail(jvm.log()));
            }
            sleep(HEALTH_POLL_MS);
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
        return launch != null;
    }

    /** The main JVM's data folder; null when attached. */
    public Path mainDataDir() {
        return launch == null ? null : launch.mainData();
    }

    /** The MongoDB the servers use; null when attached. */
    public String mongoUri() {
        return launch == null ? null : launch.mongoUri();
    }

    /** PIDs of the JVMs that hold the client connections (empty when attached). */
    public List<Long> gatewayPids() {
        List<Long> pids = new ArrayList<>();
        if (launch == null) {
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

    /** Stops every JVM it started, then deletes their data unless {@code --keep-data}: a run can leave gigabytes. */
    @Override
    public void close() {
        joined.forEach(ChildJvm::close);
        if (main != null) {
            main.close();
        }
        if (launch != null && !keepData) {
            DataFolder.delete(launch.data());
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
