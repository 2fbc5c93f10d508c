package dev.imlab.server.support;

import dev.imlab.embedded.EmbeddedKafka;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.embedded.EmbeddedRedis;
import dev.imlab.embedded.internal.FreePort;
import dev.imlab.server.ImlabServerApplication;
import dev.imlab.server.roles.ImlabRoles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A cluster in this JVM: Kafka, Redis and MongoDB embedded here (what {@code --imlab.roles=infra} runs
 * in a process of its own), and processes that each run some roles against them, started and stopped
 * by name while the others keep running. Each process is a Spring context of its own, with its own
 * instance id, Kafka clients, meters and report to the cluster, as a separate JVM would have; a stop
 * is a clean one (its consumers leave their groups at once). For {@code kill -9}, see {@link ServerProcess}.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final EmbeddedKafka kafka;
    private final EmbeddedRedis redis;
    private final EmbeddedMongo mongo;
    private final String tokenSecret = UUID.randomUUID() + "-" + UUID.randomUUID();
    private final Map<String, ConfigurableApplicationContext> processes = new java.util.concurrent.ConcurrentHashMap<>();

    public LocalCluster(Path dir) {
        this.dir = dir;
        CompletableFuture<EmbeddedKafka> starting =
                CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(dir.resolve("kafka"), FreePort.pick()));
        this.redis = EmbeddedRedis.start(FreePort.pick());
        this.mongo = EmbeddedMongo.start(dir.resolve("mongo"), FreePort.pick(), false);
        this.kafka = starting.join();
    }

    /** What every process needs to join: the infrastructure's addresses and the shared token secret. */
    public List<String> infraProperties() {
        return List.of("imlab.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "imlab.redis.uri=" + redis.uri(),
                "imlab.mongodb.uri=" + mongo.connectionString(), "imlab.auth.token-secret=" + tokenSecret);
    }

    /**
     * Starts a process named {@code name} (also its instance id and, with a gateway, its gateway id) with
     * {@code roles}, and returns once it is ready: its gateway healthy, its back-end roles owning partitions.
     * Several may start at once, from different threads.
     */
    public ConfigurableApplicationContext start(String name, String roles, String... extra) {
        List<String> properties = new ArrayList<>(infraProperties());
        properties.addAll(List.of("imlab.roles=" + roles, "imlab.instance-id=" + name, "imlab.gateway.id=" + name,
                "imlab.gateway.port=" + (roles.contains("gateway") ? FreePort.pick() : 0),
                "imlab.data-dir=" + dir.resolve(name), "imlab.auth.bcrypt-cost=4",
                "imlab.limits.enabled=false")); // every client of a test comes from 127.0.0.1
        properties.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ImlabServerApplication.class)
                .properties(properties.toArray(String[]::new)).run();
        processes.put(name, context);
        ImlabRoles started = context.getBean(ImlabRoles.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(started.gateway() != null ? started.gateway().ready() : started.backEndReady())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " (" + roles + ") not ready in 60 s");
            }
            TestServer.sleep(50);
        }
        return context;
    }

    /** A clean stop of the named process. */
    public void stop(String name) {
        ConfigurableApplicationContext context = processes.remove(name);
        if (context == null) {
            throw new IllegalArgumentException("no process named " + name + "; running: " + processes.keySet());
        }
        context.close();
    }

    public ImlabRoles roles(String name) {
        return processes.get(name).getBean(ImlabRoles.class);
    }

    /** The named process's gateway, where clients connect. */
    public URI gatewayUri(String name) {
        return URI.create("http://127.0.0.1:" + roles(name).gateway().port());
    }

    /** Starts these processes at once ({@code name=roles} each) and returns when all are ready. */
    public void startAll(String... nameEqualsRoles) {
        java.util.concurrent.CompletableFuture.allOf(java.util.Arrays.stream(nameEqualsRoles)
                .map(p -> java.util.concurrent.CompletableFuture.runAsync(
                        () -> start(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1))))
                .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    }

    /** Stops these processes at once and returns when all are stopped. */
    public void stopAll(String... names) {
        java.util.concurrent.CompletableFuture.allOf(java.util.Arrays.stream(names)
                .map(n -> java.util.concurrent.CompletableFuture.runAsync(() -> stop(n)))
                .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    }

    @Override
    public synchronized void close() {
        for (ConfigurableApplicationContext context : processes.values()) {
            context.close();
        }
        processes.clear();
        kafka.close();
        mongo.close();
        redis.close();
    }
}
