package dev.imlab.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The data folders of the servers the bench starts: how much disk they take, and removing them after a run. */
public final class DataFolder {
    private DataFolder() {
    }

    /**
     * Bytes the folder takes on disk, as {@code du -sk} counts them: Kafka preallocates sparse
     * 10 MB index files, so the sum of file lengths would overstate it. -1 when du failed.
     */
    public static long bytesOnDisk(Path dir) {
        try {
            Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!du.waitFor(60, TimeUnit.SECONDS) || du.exitValue() != 0) {
                return -1;
            }
            return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
