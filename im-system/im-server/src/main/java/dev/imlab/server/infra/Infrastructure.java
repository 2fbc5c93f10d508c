package dev.imlab.server.infra;

import dev.imlab.embedded.EmbeddedKafka;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.embedded.EmbeddedRedis;
import dev.imlab.server.config.ImlabProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of Kafka, Redis and MongoDB: the configured ones, or those of embedded instances
 * started here for whatever is not configured. Embedded ones start in parallel (Kafka takes the
 * longest, about 2.5 s) and stop when the server stops.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final String kafkaBootstrapServers;
    private final String redisUri;
    private final String mongoUri;
    private final List<AutoCloseable> embedded;
    private final EmbeddedKafka kafka;
    private final EmbeddedRedis redis;
    private final EmbeddedMongo mongo;

    private Infrastructure(EmbeddedKafka kafka, EmbeddedRedis redis, EmbeddedMongo mongo, ImlabProperties p) {
        this.kafka = kafka;
        this.redis = redis;
        this.mongo = mongo;
        this.kafkaBootstrapServers = kafka != null ? kafka.bootstrapServers() : p.kafka().bootstrapServers();
        this.redisUri = redis != null ? redis.uri() : p.redis().uri();
        this.mongoUri = mongo != null ? mongo.connectionString() : p.mongodb().uri();
        this.embedded = new ArrayList<>();
        if (mongo != null) {
            embedded.add(mongo);
        }
        if (redis != null) {
            embedded.add(redis);
        }
        if (kafka != null) {
            embedded.add(kafka);
        }
    }

    public static Infrastructure start(ImlabProperties p) {
        Path dataDir = p.dataDir().toAbsolutePath().normalize();
        ImlabProperties.Embedded ports = p.embedded();
        CompletableFuture<EmbeddedKafka> kafka = p.kafka().bootstrapServers().isBlank()
                ? CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafkaPort()))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<EmbeddedRedis> redis = p.redis().uri().isBlank()
                ? CompletableFuture.supplyAsync(() -> EmbeddedRedis.start(ports.redisPort()))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<EmbeddedMongo> mongo = p.mongodb().uri().isBlank()
                ? CompletableFuture.supplyAsync(() -> ports.mongoStorage().equals("memory")
                        ? EmbeddedMongo.startEphemeral(ports.mongoPort())
                        : EmbeddedMongo.start(dataDir.resolve("mongo"), ports.mongoPort(), ports.mongoFsync()))
                : CompletableFuture.completedFuture(null);
        try {
            Infrastructure infra = new Infrastructure(kafka.join(), redis.join(), mongo.join(), p);
            if (!infra.embedded.isEmpty()) {
                log.info("embedded infrastructure up, data in {}: kafka {}, redis {}, mongodb {}", dataDir,
                        infra.kafkaBootstrapServers, infra.redisUri, infra.mongoUri);
            }
            return infra;
        } catch (RuntimeException e) {
            closeQuietly(kafka, redis, mongo);
            throw e;
        }
    }

    private static void closeQuietly(CompletableFuture<?>... futures) {
        for (CompletableFuture<?> f : futures) {
            f.thenAccept(c -> {
                if (c instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // already failing
                    }
                }
            });
        }
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String redisUri() {
        return redisUri;
    }

    public String mongoUri() {
        return mongoUri;
    }

    /** The embedded Kafka, or null when an external one is configured; for fault-injection tests. */
    public EmbeddedKafka embeddedKafka() {
        return kafka;
    }

    public EmbeddedRedis embeddedRedis() {
        return redis;
    }

    public EmbeddedMongo embeddedMongo() {
        return mongo;
    }

    @Override
    public void close() {
        for (AutoCloseable c : embedded) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("cannot stop {}: {}", c, e.toString());
            }
        }
    }
}
