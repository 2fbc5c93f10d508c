package dev.imlab.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Kafka, Redis and the MongoDB stand-in, started together for a server that was given no external
 * addresses. Everything stored lives under one directory the user can see and delete:
 * {@code <dataDir>/kafka} and {@code <dataDir>/mongo}. Redis keeps nothing.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    /** Ports to listen on; 0 picks a free one. */
    public record Ports(int kafka, int redis, int mongo) {
        public static Ports anyFree() {
            return new Ports(0, 0, 0);
        }
    }

    private final EmbeddedKafka kafka;
    private final EmbeddedRedis redis;
    private final EmbeddedMongo mongo;

    private EmbeddedInfrastructure(EmbeddedKafka kafka, EmbeddedRedis redis, EmbeddedMongo mongo) {
        this.kafka = kafka;
        this.redis = redis;
        this.mongo = mongo;
    }

    /**
     * Starts all three; Redis and MongoDB start on a second thread while Kafka, the slowest by far,
     * starts on this one. If any fails, the ones already running are closed again.
     */
    public static EmbeddedInfrastructure start(Path dataDir, Ports ports) {
        ExecutorService side = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "embedded-infrastructure-start"));
        Future<EmbeddedRedis> redis = side.submit(() -> EmbeddedRedis.start(ports.redis()));
        Future<EmbeddedMongo> mongo = side.submit(() -> EmbeddedMongo.start(dataDir.resolve("mongo"), ports.mongo()));
        side.shutdown();
        EmbeddedKafka kafka = null;
        try {
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafka());
            return new EmbeddedInfrastructure(kafka, await(redis), await(mongo));
        } catch (RuntimeException failure) {
            // Whatever did start must not keep its port and files after start() failed.
            closeIfStarted(mongo, failure);
            closeIfStarted(redis, failure);
            if (kafka != null) {
                closeRecording(kafka, failure);
            }
            throw failure;
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedRedis redis() {
        return redis;
    }

    public EmbeddedMongo mongo() {
        return mongo;
    }

    /** Closes MongoDB, then Redis, then Kafka: the reverse of the start order. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : List.of(mongo, redis, kafka)) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("embedded infrastructure did not close cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting embedded infrastructure", e);
        }
    }

    private static void closeIfStarted(Future<? extends AutoCloseable> future, RuntimeException failure) {
        AutoCloseable resource;
        try {
            resource = await(future);
        } catch (RuntimeException notStarted) {
            if (notStarted != failure) {
                failure.addSuppressed(notStarted);
            }
            return;
        }
        closeRecording(resource, failure);
    }

    private static void closeRecording(AutoCloseable resource, RuntimeException failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
