package dev.imlab.bench.localcluster;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ServerJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster on this machine: one infra process (embedded Kafka, Redis, MongoDB), N gateways, M
 * transfers, push and confirm processes, each a JVM of its own running {@code imlab-server.jar} with
 * some roles, and HAProxy in front of the gateways. The order that makes a start clean:
 *
 * <ol>
 * <li>infra first, and nothing else until it wrote the arguments the others need ({@code infra-args});
 * <li>every role process at once, each told the addresses, the token secret and its own name (its
 *     instance id, so a restarted process takes its partitions back at once as a static member);
 * <li>HAProxy once its configuration passed {@code haproxy -c}, and the cluster is up when HAProxy
 *     answers health and every process reports itself ready in the cluster's figures.
 * </ol>
 *
 * A stop goes the other way: HAProxy, gateways, back end, infra last, each with SIGTERM.
 */
final class LocalCluster implements AutoCloseable {
    /** Six JVMs starting at once on 2 cores take about a minute; on a machine shared with other work, much more. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    /** A gateway's drain may take a while (its clients move first); then SIGKILL. */
    static final long STOP_TIMEOUT_SECONDS = 90;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path data;
    private final Path logs;
    private final Member infra;
    /** What to start: each process's name, roles, port and log (its command is completed once infra is up). */
    private final List<Member> members = new ArrayList<>();
    /** The processes as started, by name, with their whole command. */
    private final Map<String, Member> started = new LinkedHashMap<>();
    private final int frontPort;
    private final int[] infraPorts;
    private final Options options;
    private final Duration startTimeout;
    private Process haproxy;
    private String infraArgs;

    LocalCluster(Options o) {
        this.options = o;
        this.startTimeout = o.duration("start-timeout", START_TIMEOUT);
        this.data = Path.of(o.string("data", "imlab-cluster")).toAbsolutePath().normalize();
        this.logs = data.resolve("logs");
        boolean free = o.integer("port", 8080) == 0;
        this.frontPort = port(o.integer("port", 8080));
        this.infraPorts = new int[] {port(o.integer("kafka-port", free ? 0 : 19092)),
                port(o.integer("redis-port", free ? 0 : 16379)), port(o.integer("mongo-port", free ? 0 : 27018))};
        Path jar = ServerJar.locate(o.string("server-jar", null));
        List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + o.string("server-heap", "512m"), "-jar", jar.toString());
        List<String> infraCommand = new ArrayList<>(java);
        infraCommand.addAll(List.of("--imlab.roles=infra", "--imlab.instance-id=infra", "--imlab.data-dir=" + data.resolve("infra"),
                "--imlab.embedded.kafka-port=" + infraPorts[0], "--imlab.embedded.redis-port=" + infraPorts[1],
                "--imlab.embedded.mongo-port=" + infraPorts[2], "--imlab.kafka.partitions=" + partitions()));
        this.infra = new Member("infra", "infra", infraCommand, logs.resolve("infra.log"), 0);
        int gatewayPort = o.integer("gateway-port", free ? 0 : 8081);
        for (int i = 1; i <= o.integer("gateways", 2); i++) {
            members.add(new Member("gw-" + i, "gateway", java, logs.resolve("gw-" + i + ".log"),
                    port(gatewayPort == 0 ? 0 : gatewayPort + i - 1)));
        }
        addBackEnd(java, "transfer", o.integer("transfers", 2));
        addBackEnd(java, "push", o.integer("pushes", 1));
        addBackEnd(java, "confirm", o.integer("confirms", 1));
    }

    private int partitions() {
        return options.integer("partitions", 8);
    }

    private void addBackEnd(List<String> java, String role, int count) {
        for (int i = 1; i <= count; i++) {
            members.add(new Member(role + "-" + i, role, java, logs.resolve(role + "-" + i + ".log"), 0));
        }
    }

    /** The given port if it is free now, a free one for 0; fails at once for a busy one, before anything starts. */
    private static int port(int wanted) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", wanted));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("port " + wanted + " is in use (another imlab?): stop it, or pick other ports"
                    + " (--port, --gateway-port, --kafka-port, --redis-port, --mongo-port; --port 0 picks free ones)");
        }
    }

    void start() throws Exception {
        Files.createDirectories(logs);
        Path argsFile = data.resolve("infra").resolve("infra-args");
        Files.deleteIfExists(argsFile); // a file from an earlier run would say "ready" too soon
        System.out.println("starting infra (Kafka, Redis, MongoDB) ...");
        infra.start();
        await(infra, () -> Files.exists(argsFile), "infra to write " + argsFile);
        infraArgs = Files.readString(argsFile).trim();
        System.out.printf("starting %d processes: %s ...%n", members.size(), names());
        for (Member m : members) {
            started.put(m.name(), new Member(m.name(), m.roles(), command(m), m.log(), m.port()));
        }
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (Member m : started.values()) {
            starting.add(CompletableFuture.runAsync(m::start));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        for (Member m : started.values()) {
            if (m.isGateway()) {
                awaitHealthy(m);
            }
        }
        if (options.flag("no-haproxy")) {
            System.out.println("no HAProxy (--no-haproxy): connect to a gateway directly");
        } else {
            startHaproxy();
        }
        for (Member m : started.values()) {
            awaitReady(m);
        }
    }

    private String names() {
        return String.join(", ", members.stream().map(Member::name).toList());
    }

    /** The command of a role process: the server jar, the infra's arguments, its roles and its name. */
    private List<String> command(Member m) {
        List<String> command = new ArrayList<>(m.command());
        command.addAll(List.of(infraArgs.split(" ")));
        command.addAll(List.of("--imlab.roles=" + m.roles(), "--imlab.instance-id=" + m.name(),
                "--imlab.data-dir=" + data.resolve(m.name()), "--imlab.kafka.partitions=" + partitions()));
        if (m.isGateway()) {
            // HAProxy names each client in X-Forwarded-For, and the gateways take it from HAProxy only.
            command.addAll(List.of("--imlab.gateway.id=" + m.name(), "--imlab.gateway.port=" + m.port(),
                    "--imlab.gateway.trusted-proxies=127.0.0.1"));
        }
        if (!options.flag("limits")) {
            // The clients of a cluster on one machine all come from 127.0.0.1: per-address limits would count them as one.
            command.add("--imlab.limits.enabled=false");
        }
        return command;
    }

    /** A gateway: its health answers UP. Any process: the cluster's figures show its new pid ready. */
    private void awaitReady(Member m) {
        if (m.isGateway()) {
            awaitHealthy(m);
        }
        await(m, () -> reportsReady(m.pid()), m.name() + " (pid " + m.pid() + ") ready in the cluster's figures");
    }

    private void awaitHealthy(Member m) {
        await(m, () -> status(URI.create("http://127.0.0.1:" + m.port() + "/api/v1/health")) == 200, m.name() + " healthy");
    }

    private boolean reportsReady(long pid) {
        JsonNode cluster = clusterFigures();
        for (JsonNode instance : cluster.path("instances")) {
            if (instance.path("pid").asLong() == pid && instance.path("ready").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** The cluster section of any healthy gateway's stats (through HAProxy when it runs); a missing node if none answers. */
    JsonNode clusterFigures() {
        List<URI> tries = new ArrayList<>();
        if (haproxy != null) {
            tries.add(frontUri());
        }
        for (Member m : started.values()) {
            if (m.isGateway()) {
                tries.add(URI.create("http://127.0.0.1:" + m.port()));
            }
        }
        for (URI uri : tries) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri.resolve("/api/v1/stats"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body()).path("cluster");
                }
            } catch (Exception e) {
                // that one is down: the next
            }
        }
        return JSON.missingNode();
    }

    URI frontUri() {
        return URI.create("http://127.0.0.1:" + frontPort);
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void await(Member m, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!m.alive()) {
                throw new IllegalStateException(m.name() + " exited while waiting for " + what + "; its log "
                        + m.log() + " ends:\n" + m.tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " after " + startTimeout.toSeconds() + " s (--start-timeout);"
                        + " see " + m.log());
            }
            sleep(200);
        }
    }

    private void startHaproxy() throws IOException {
        String binary = HaproxyConfig.binary();
        if (binary == null) {
            throw new IllegalStateException("HAProxy is not installed: apt-get install -y haproxy"
                    + " (or run without it: --no-haproxy)");
        }
        Map<String, Integer> gateways = new LinkedHashMap<>();
        for (Member m : members) {
            if (m.isGateway()) {
                gateways.put(m.name(), m.port());
            }
        }
        Path cfg = data.resolve("haproxy.cfg");
        Files.writeString(cfg, HaproxyConfig.render("127.0.0.1:" + frontPort, gateways));
        String refused = HaproxyConfig.check(binary, cfg);
        if (refused != null) {
            throw new IllegalStateException("haproxy -c refused " + cfg + ":\n" + refused);
        }
        Path log = logs.resolve("haproxy.log");
        haproxy = new ProcessBuilder(binary, "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (status(frontUri().resolve("/api/v1/health")) != 200) {
            if (!haproxy.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("HAProxy does not answer health on " + frontUri() + "; " + log + " says:\n"
                        + String.join("\n", Files.readAllLines(log)));
            }
            sleep(200);
        }
    }

    /** Every process, back end first and gateways last, one at a time: SIGTERM, wait for it to exit, start, wait until ready. */
    void restartAll() {
        List<Member> order = new ArrayList<>();
        for (String role : List.of("transfer", "push", "confirm", "gateway")) {
            members.stream().filter(m -> m.roles().equals(role)).forEach(order::add);
        }
        for (Member m : order) {
            restart(m.name());
        }
    }

    void restart(String name) {
        Member m = started.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no process " + name + " (the infra is not restarted here); processes: "
                    + started.keySet());
        }
        long oldPid = m.pid();
        System.out.printf("restarting %s (pid %d): SIGTERM ...%n", name, oldPid);
        double stopped = m.stop(STOP_TIMEOUT_SECONDS);
        long start = System.nanoTime();
        m.start();
        awaitReady(m);
        System.out.printf("  %s exited %.1f s after SIGTERM; the new one (pid %d) was ready %.1f s after its start%n",
                name, stopped, m.pid(), (System.nanoTime() - start) / 1e9);
    }

    /** What runs where, for the console. */
    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("  %-12s pid %-8d kafka 127.0.0.1:%d  redis 127.0.0.1:%d  mongodb 127.0.0.1:%d%n",
                "infra", infra.pid(), infraPorts[0], infraPorts[1], infraPorts[2]));
        for (Member m : started.values()) {
            s.append(String.format("  %-12s pid %-8d %-8s %s%s%n", m.name(), m.pid(), m.alive() ? "running" : "EXITED",
                    m.roles(), m.isGateway() ? "  http://127.0.0.1:" + m.port() : ""));
        }
        return s.toString();
    }

    /** The cluster's figures in a few lines: each role's live and ready instances, each gateway's connections. */
    String figures() {
        JsonNode c = clusterFigures();
        if (c.isMissingNode()) {
            return "  no gateway answers /api/v1/stats\n";
        }
        StringBuilder s = new StringBuilder();
        c.path("roles").properties().forEach(e -> s.append(String.format("  %-9s %d live, %d ready%s%s%n", e.getKey(),
                e.getValue().path("instances").asInt(), e.getValue().path("ready").asInt(),
                e.getValue().path("partitions").isNumber() ? ", " + e.getValue().path("partitions").asInt() + " partitions" : "",
                e.getValue().path("lag").isNumber() ? ", lag " + e.getValue().path("lag").asLong() : "")));
        for (JsonNode g : c.path("gateways")) {
            s.append(String.format("  %-9s %d connections, %.1f sends/s, %.1f pushes/s%n", g.path("gatewayId").asString(),
                    g.path("connections").asLong(), g.path("sendsPerSecond").asDouble(), g.path("pushesPerSecond").asDouble()));
        }
        return s.toString();
    }

    Path data() {
        return data;
    }

    Path logs() {
        return logs;
    }

    boolean haproxyRunning() {
        return haproxy != null && haproxy.isAlive();
    }

    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.destroy();
        }
        List<Member> reverse = new ArrayList<>(started.values());
        java.util.Collections.reverse(reverse); // back end after gateways: the gateways' last acks still reach confirm
        reverse.sort(java.util.Comparator.comparing(m -> m.isGateway() ? 0 : 1));
        List<CompletableFuture<Void>> gateways = new ArrayList<>();
        for (Member m : reverse) {
            if (m.isGateway()) {
                gateways.add(CompletableFuture.runAsync(() -> m.stop(STOP_TIMEOUT_SECONDS)));
            }
        }
        CompletableFuture.allOf(gateways.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<Void>> backEnd = new ArrayList<>();
        for (Member m : reverse) {
            if (!m.isGateway()) {
                backEnd.add(CompletableFuture.runAsync(() -> m.stop(STOP_TIMEOUT_SECONDS)));
            }
        }
        CompletableFuture.allOf(backEnd.toArray(CompletableFuture[]::new)).join();
        infra.stop(STOP_TIMEOUT_SECONDS);
        System.out.println("stopped; data and logs kept in " + data);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
