package dev.imlab.embedded;

import dev.imlab.embedded.internal.FreePort;
import dev.imlab.embedded.internal.RedisBinaryHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server (the binary bundled in {@code embedded-redis}) as a child process on
 * 127.0.0.1, with persistence off: Redis is only a cache in imlab, so it writes no RDB snapshot and
 * no append-only file, and a restart always starts empty.
 *
 * <p>A Redis left running by a JVM that was killed ({@code kill -9}) is stopped on the next start,
 * so a restarted server gets its port back.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts Redis on {@code port}; 0 picks a free one, and picks again (up to three times) if
     * another process took the picked port before Redis could bind it.
     */
    public static EmbeddedRedis start(int port) {
        RedisBinaryHome.reapOrphans();
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(port);
            } catch (UncheckedIOException e) {
                if (port != 0 || attempt == 3) {
                    throw e;
                }
                log.warn("{} (attempt {} of 3), trying a new port", e.getMessage(), attempt);
            }
        }
    }

    private static EmbeddedRedis startOnce(int port) {
        long started = System.nanoTime();
        int chosen = FreePort.orPick(port);
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .executableProvider(ExecutableProvider.newJarResourceProvider(RedisBinaryHome.forThisJvm()))
                    .bind(HOST)
                    .port(chosen)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    // Someone must drain the pipes, or a chatty Redis blocks once they fill up.
                    .soutListener(line -> log.debug("redis: {}", line))
                    .serrListener(line -> log.warn("redis: {}", line))
                    .build();
            server.start();
            log.info("Redis started on {}:{} ({} ms)", HOST, chosen, (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedRedis(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + chosen + ": " + e.getMessage(), e);
        }
    }

    /** The URI for a Redis client such as Lettuce. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Stops Redis and starts it again on the same port, with every key gone (as after a crash). */
    public void restartEmpty() {
        try {
            server.stop();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not restart on port " + port + ": " + e.getMessage(), e);
        }
        log.info("Redis on port {} restarted empty", port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not stop: " + e.getMessage(), e);
        }
        log.info("Redis on port {} stopped", port);
    }
}
