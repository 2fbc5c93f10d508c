package dev.imlab.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system's {@code prometheus} binary (Debian package {@code prometheus}), started on loopback
 * with a generated configuration, its data in a temporary folder, and asked through its HTTP API.
 * Where it is missing the calling test is skipped loudly, except under {@code CI=true}, where
 * {@code .ci/run} installs it and a missing one is a failure.
 */
final class RealPrometheus implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final URI base;
    private final Path log;

    private RealPrometheus(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** The binary, or the test is skipped (failed under CI=true). */
    static Path requireInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "PROMETHEUS TEST NOT RUN: prometheus is not on the PATH; install the Debian package "
                + "prometheus (apt-get install -y prometheus)";
        assertThat("true".equals(System.getenv("CI"))).as(message).isFalse();
        System.err.println("\n*** " + message + " ***\n");
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}, path {@code /metrics}) every second
     * and evaluating {@code ruleFile} every second; returns once it is ready.
     */
    static RealPrometheus start(Path dir, List<String> targets, Path ruleFile) throws IOException {
        Path binary = requireInstalled();
        int port = freePort();
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n  - '").append(ruleFile.toAbsolutePath()).append("'\n")
                .append("scrape_configs:\n  - job_name: imlab\n    metrics_path: /metrics\n    static_configs:\n")
                .append("      - targets: [");
        for (int i = 0; i < targets.size(); i++) {
            config.append(i == 0 ? "'" : ", '").append(targets.get(i)).append('\'');
        }
        config.append("]\n");
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            prometheus.await("ready", prometheus::ready, Boolean::booleanValue);
        } catch (RuntimeException | AssertionError e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private boolean ready() {
        HttpResponse<String> response = get("/-/ready");
        return response != null && response.statusCode() == 200;
    }

    private HttpResponse<String> get(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@code data} of an answer of the HTTP API, or null while it cannot answer. */
    JsonNode api(String path) {
        HttpResponse<String> response = get(path);
        if (response == null || response.statusCode() != 200) {
            return null;
        }
        return JSON.readTree(response.body()).path("data");
    }

    /** The samples of an instant query now ({@code data.result}), or null while Prometheus cannot answer. */
    JsonNode query(String promql) {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return data == null ? null : data.path("result");
    }

    /** Asks {@code ask} until {@code wanted} holds (bounded); returns the last answer. */
    <T> T await(String what, Supplier<T> ask, Predicate<T> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = ask.get();
        while (last == null || !wanted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus never showed " + what + " within " + WAIT.toSeconds()
                        + " s; last answer: " + last + "\n" + logTail());
            }
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus exited with " + process.exitValue() + "\n" + logTail());
            }
            pause();
            last = ask.get();
        }
        return last;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "prometheus log (last lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20),
                    lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
