package dev.imlab.bench.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of the local cluster: a name, the command that starts it, and its log, which every start
 * appends to. It can be stopped the way an orchestrator stops a container (SIGTERM, then SIGKILL if it
 * has not exited after {@code stopTimeout}) and started again with the same command.
 */
final class Member {
    private final String name;
    private final String roles;
    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    /**
     * @param roles what it runs, as {@code --imlab.roles} says
     * @param port  its gateway's port, or 0 without a gateway
     */
    Member(String name, String roles, List<String> command, Path log, int port) {
        this.name = name;
        this.roles = roles;
        this.command = List.copyOf(command);
        this.log = log;
        this.port = port;
    }

    String name() {
        return name;
    }

    String roles() {
        return roles;
    }

    Path log() {
        return log;
    }

    int port() {
        return port;
    }

    boolean isGateway() {
        return port != 0;
    }

    synchronized void start() {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n==== " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGTERM, and wait for it to exit; SIGKILL after {@code timeoutSeconds}. Returns the seconds it took. */
    double stop(long timeoutSeconds) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return 0;
        }
        long start = System.nanoTime();
        p.destroy(); // SIGTERM: Spring Boot closes the roles in order, the gateway drains
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                System.out.printf("  %s did not exit %d s after SIGTERM: SIGKILL%n", name, timeoutSeconds);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The log's last lines, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The command line, for the summary. */
    List<String> command() {
        return new ArrayList<>(command);
    }
}
