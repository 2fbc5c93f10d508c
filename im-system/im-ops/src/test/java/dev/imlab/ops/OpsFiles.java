package dev.imlab.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The operations files beside this module's sources (tests run in the module's folder). */
final class OpsFiles {
    static final Path PROMETHEUS = Path.of("prometheus").toAbsolutePath();
    static final Path ALERT_RULES = PROMETHEUS.resolve("imlab-alerts.yml");
    static final Path ALERT_TESTS = PROMETHEUS.resolve("imlab-alerts.test.yml");
    static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");
    /** Every metric name the rules and the dashboard use; im-server's MonitoringTest checks a live server has each. */
    static final Path METRICS_USED = PROMETHEUS.resolve("metrics-used.txt");
    static final Path DASHBOARD = Path.of("grafana", "imlab.json").toAbsolutePath();
    static final Path TROUBLESHOOTING = Path.of("..", "..", "docs", "src", "docs", "asciidoc", "troubleshooting.adoc")
            .toAbsolutePath().normalize();
    /** Series Prometheus makes itself for each target, which no imlab process exports. */
    static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    private OpsFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names listed in {@link #METRICS_USED}: one a line, {@code #} starts a comment. */
    static Set<String> metricsUsed() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : read(METRICS_USED).split("\n")) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
