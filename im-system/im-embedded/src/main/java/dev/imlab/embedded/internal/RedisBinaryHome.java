package dev.imlab.embedded.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this JVM unpacks the Redis binary ({@code <tmp>/imlab-redis/<jvm pid>/}), and the clean-up
 * after JVMs that died without stopping their Redis.
 *
 * <p>Redis runs as a child process. When its JVM is killed with {@code kill -9} no shutdown hook
 * runs, the child lives on, and it keeps the port: the restarted server could not start Redis
 * there. Because each JVM runs Redis from a directory named after its own pid, a Redis whose
 * directory names a dead pid is such an orphan, and it is safe to stop.
 */
public final class RedisBinaryHome {
    /**
     * Where the per-JVM directories go; default {@code <java.io.tmpdir>/imlab-redis}. Only orphans
     * under it are stopped, so tests point it into their build directory and leave alone whatever
     * other builds on the machine left behind.
     */
    public static final String HOME_PROPERTY = "imlab.embedded.redis-home";

    private static final Logger log = LoggerFactory.getLogger(RedisBinaryHome.class);
    private static final Path ROOT = resolveRoot();
    private static final long ORPHAN_EXIT_WAIT_SECONDS = 5;

    private RedisBinaryHome() {
    }

    /** This JVM's directory for the binary, created if missing. */
    public static File forThisJvm() {
        Path dir = ROOT.resolve(String.valueOf(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir.toFile();
    }

    /** Stops Redis servers left behind by dead JVMs and deletes those JVMs' directories. */
    public static void reapOrphans() {
        ProcessHandle.allProcesses()
                .filter(process -> ownerPid(process).filter(RedisBinaryHome::isDead).isPresent())
                .forEach(RedisBinaryHome::stop);
        deleteDirectoriesOfDeadJvms();
    }

    private static Optional<Long> ownerPid(ProcessHandle process) {
        return process.info().command()
                .map(Path::of)
                .filter(command -> command.startsWith(ROOT) && command.getNameCount() > ROOT.getNameCount())
                .flatMap(command -> parsePid(command.getName(ROOT.getNameCount()).toString()));
    }

    private static void stop(ProcessHandle orphan) {
        log.warn("Stopping Redis pid {} left behind by a JVM that died ({})", orphan.pid(), orphan.info().command().orElse("?"));
        // SIGTERM: Redis shuts down cleanly, and with persistence off it writes nothing.
        orphan.destroy();
        try {
            orphan.onExit().get(ORPHAN_EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            orphan.destroyForcibly();
        }
    }

    private static void deleteDirectoriesOfDeadJvms() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.filter(dir -> parsePid(dir.getFileName().toString()).filter(RedisBinaryHome::isDead).isPresent())
                    .forEach(RedisBinaryHome::deleteQuietly);
        } catch (IOException e) {
            log.debug("Cannot list {}", ROOT, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Cannot delete {}", dir, e);
        }
    }

    private static boolean isDead(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }

    private static Path resolveRoot() {
        Path root = Path.of(System.getProperty(HOME_PROPERTY, Path.of(System.getProperty("java.io.tmpdir"), "imlab-redis").toString()));
        try {
            // Through symlinks, because that is how the OS reports a running process's binary.
            return Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    private static Optional<Long> parsePid(String name) {
        try {
            return Optional.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
