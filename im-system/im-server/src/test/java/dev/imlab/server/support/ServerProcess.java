package dev.imlab.server.support;

import dev.imlab.client.ImHttpApi;
import dev.imlab.embedded.internal.FreePort;
import dev.imlab.server.ImlabServerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An imlab server in a JVM of its own, for faults only a separate process can suffer: {@link #kill()}
 * is a {@code kill -9}. Ports are fixed at creation, so a restart on the same data folder comes
 * back at the same address. By default it runs everything on its own embedded infrastructure;
 * {@link #withArgs} runs chosen roles against someone else's.
 */
public final class ServerProcess implements AutoCloseable {
    private final Path dataDir;
    private final int httpPort;
    private final int kafkaPort;
    private final int redisPort;
    private final int mongoPort;
    private final Path log;
    private final List<String> extraArgs = new ArrayList<>();
    private BooleanSupplier readiness;
    private Duration startTimeout = Duration.ofSeconds(90);
    private Process process;

    public ServerProcess(Path dataDir) {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.kafkaPort = freePort();
        this.redisPort = freePort();
        this.mongoPort = freePort();
        // Kept under target/, not beside the data: a failed test's temp folder is gone when you look.
        this.log = Path.of("target", "process-logs", dataDir.getFileName() + "-" + httpPort + ".log").toAbsolutePath();
    }

    /** Its output, stdout and stderr, for a test that reads what it printed. */
    public Path log() {
        return log;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /**
     * Extra command-line arguments (e.g. {@code --imlab.roles=transfer} and infrastructure addresses),
     * and how to tell it is ready when it has no gateway to ask.
     */
    public ServerProcess withArgs(List<String> args, BooleanSupplier ready) {
        extraArgs.addAll(args);
        readiness = ready;
        return this;
    }

    /** How long {@link #start()} waits for the server to be ready (90 s unless set). */
    public ServerProcess startTimeout(Duration timeout) {
        startTimeout = timeout;
        return this;
    }

    /** Starts the server and waits until it is ready (healthy, by default). */
    public ServerProcess start() {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ImlabServerApplication.class.getName(),
                "--imlab.data-dir=" + dataDir,
                "--imlab.gateway.port=" + httpPort,
                "--imlab.embedded.kafka-port=" + kafkaPort,
                "--imlab.embedded.redis-port=" + redisPort,
                "--imlab.embedded.mongo-port=" + mongoPort,
                "--imlab.embedded.mongo-fsync=false",
                "--imlab.auth.bcrypt-cost=4",
                "--imlab.limits.enabled=false")); // tests register and connect many users from 127.0.0.1
        command.addAll(extraArgs);
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImHttpApi http = new ImHttpApi(baseUri());
        BooleanSupplier ready = readiness != null ? readiness : () -> healthy(http);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server process died; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server process not ready in " + startTimeout + "; see " + log);
            }
            TestServer.sleep(100);
        }
        return this;
    }

    private static boolean healthy(ImHttpApi http) {
        try {
            return http.health();
        } catch (RuntimeException e) {
            return false; // not listening yet
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM, as a deployment stops a process (a rolling restart, Kubernetes): the server's shutdown
     * hook runs, a gateway drains. Waits for the process to exit, at most {@code timeout}.
     *
     * @return how long it took to exit
     */
    public Duration terminate(Duration timeout) {
        long start = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server process did not exit within " + timeout + " of SIGTERM; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server process to exit", e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Never one handed out before in this JVM, to another child or an embedded server. */
    private static int freePort() {
        return FreePort.pick();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
