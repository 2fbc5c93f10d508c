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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from a Debian package that a check runs (haproxy, docker-compose, kubectl), found on the
 * PATH. Where it is missing the check is skipped loudly, except under {@code CI=true}, where
 * {@code .ci/run} installs it and a missing one is a failure.
 *
 * @param path the executable
 */
record InstalledTool(Path path) {
    private static final long TIMEOUT_SECONDS = 60;

    /** The answer of one run: exit code and everything it printed (stdout and stderr together). */
    record Run(int exitCode, String output) {
    }

    /** The program, or the calling test skipped (failed under CI=true) with how to install it. */
    static InstalledTool require(String command, String debianPackage) {
        // Debian puts haproxy in /usr/sbin, which is not on every user's PATH.
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (!dir.isEmpty() && candidate.canExecute()) {
                return new InstalledTool(candidate.toPath());
            }
        }
        String message = "NOT CHECKED WITH " + command + ": it is not on the PATH; install the Debian package "
                + debianPackage + " (apt-get install -y " + debianPackage + ")";
        assertThat("true".equals(System.getenv("CI"))).as(message + " (.ci/run installs it under CI=true)").isFalse();
        System.err.println("\n*** " + message + " ***\n");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Runs the program with these arguments in {@code dir}, with extra environment variables; at most a minute. */
    Run run(Path dir, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(arguments));
        try {
            // Into a file, not a pipe: a program that hangs cannot block the test past the timeout.
            Path output = Files.createTempFile("imlab-ops-" + path.getFileName(), ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Run(process.exitValue(), printed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
