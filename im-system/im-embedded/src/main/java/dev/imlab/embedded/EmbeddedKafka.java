package dev.imlab.embedded;

import dev.imlab.embedded.internal.FreePort;
import dev.imlab.embedded.internal.KraftSettings;
import dev.imlab.embedded.internal.KraftStorage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node that is broker and controller at once.
 *
 * <p>Its log lives under the given directory and is formatted only the first time, so a later
 * {@link #start} on the same directory, on the same port or another, finds its topics, records and
 * committed offsets again. A record acknowledged with {@code acks=all} is in the OS page cache, so
 * it survives {@code kill -9} of this JVM (Kafka, like a real broker, leaves fsync to the OS). The
 * first start after a {@code kill -9} takes about 3 s longer: the node has to outwait the broker
 * session its previous life left behind.
 *
 * <p>Kafka logs a lot at INFO; this class never raises a Kafka logger's level.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a broker with its data in {@code dir} (created if missing) and returns once it accepts
     * clients.
     *
     * @param port the client port; 0 picks a free one. The controller takes another free port.
     *     A picked port can be taken by another process between the pick and Kafka's bind; then the
     *     start is tried again on new picks (the controller port is always picked, so this applies
     *     to any start).
     */
    public static EmbeddedKafka start(Path dir, int port) {
        StartupFailed failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(dir, port);
            } catch (StartupFailed e) {
                failure = e;
                log.warn("{} (attempt {} of {}), trying new ports", e.getMessage(), attempt, START_ATTEMPTS);
            }
        }
        throw failure;
    }

    private static EmbeddedKafka startOnce(Path dir, int port) {
        long started = System.nanoTime();
        int brokerPort = FreePort.orPick(port);
        Path logDir = dir.toAbsolutePath().resolve("log");
        KafkaRaftServer server;
        try {
            KraftStorage.formatIfNeeded(logDir);
            KafkaConfig config = new KafkaConfig(KraftSettings.singleNode(logDir, brokerPort, FreePort.pick()), false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare Kafka in " + logDir + ": " + e.getMessage(), e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            // startup() leaves the half-started threads running when it fails.
            stop(server);
            throw new StartupFailed("Kafka did not start on port " + brokerPort + ": " + e.getMessage(), e);
        }
        log.info("Kafka started on 127.0.0.1:{} with data in {} ({} ms)",
                brokerPort, logDir, (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedKafka(server, brokerPort);
    }

    /** The broker was prepared but did not start (a port taken, for one): worth another try on new ports. */
    private static final class StartupFailed extends IllegalStateException {
        StartupFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The value for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Shuts the broker down cleanly, so the next start skips log recovery. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(server);
            log.info("Kafka on port {} stopped", port);
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }
}
