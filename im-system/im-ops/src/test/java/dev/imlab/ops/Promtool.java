package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' {@code promtool} (Debian package {@code prometheus}), run as a process. Where it is
 * missing the calling test is skipped loudly, except under {@code CI=true}, where {@code .ci/run}
 * installs it and a missing one is a failure.
 */
final class Promtool {
    private static final long TIMEOUT_SECONDS = 60;

    private Promtool() {
    }

    /** What a run printed, and how it ended. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The binary, or the test is skipped (failed under CI=true). */
    static Path require() {
        Path found = onPath("promtool");
        if (found == null) {
            String message = "PROMTOOL TESTS NOT RUN: promtool is not on the PATH; install the Debian package "
                    + "prometheus (apt-get install -y prometheus)";
            assertThat("true".equals(System.getenv("CI"))).as(message).isFalse();
            System.err.println("\n*** " + message + " ***\n");
            Assumptions.abort(message);
        }
        return found;
    }

    static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs {@code promtool args...} in {@code dir}; skips the test where promtool is missing. */
    static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // The output is small (a few lines per rule); read it whole, then collect the exit code.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + TIMEOUT_SECONDS + " s: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
