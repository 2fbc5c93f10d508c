package dev.imlab.bench.peers.internal;

import dev.imlab.bench.traffic.Measurement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer's server started by the bench, in the foreground, its output in a log file. Closing it
 * sends SIGTERM (both ejabberd and Mosquitto save their state and exit on it), then SIGKILL to
 * whatever of it is left after {@value #STOP_GRACE_SECONDS} s; a server the bench started never
 * outlives the run.
 */
public final class ServerProcess implements AutoCloseable {
    private static final int STOP_GRACE_SECONDS = 30;
    private static final int LOG_TAIL_LINES = 30;

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            return new ServerProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** Waits until something accepts on the port, or throws with the log's tail. */
    public void awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not listening on " + port + " after " + timeout.toSeconds() + " s" + tail());
            }
            Measurement.sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The process that does the work when the started one is a launcher: {@code erl} is a script
     * that starts {@code beam.smp} as its child, and the memory and CPU to read are beam's. The
     * started process itself when no descendant's executable is named so.
     */
    public long pidOf(String executable) {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals(executable)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The log's last lines, for an exception message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return " (log unreadable: " + e + ")";
        }
    }

    /**
     * SIGTERM to the started process; then, after the grace period, SIGKILL to it and to anything it
     * started that is still there (a launcher's child would otherwise outlive the run).
     */
    @Override
    public void close() {
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        process.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Measurement.sleepNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
