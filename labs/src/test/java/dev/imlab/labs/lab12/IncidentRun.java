package dev.imlab.labs.lab12;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Measured runs of an incident in a JVM of their own, the way the learner's incident runs: the
 * server's jar with the lab's classes beside it ({@link IncidentServer}), here with a plan that
 * names the fault, the fixes (one server each, one after the other, on the first one's Kafka,
 * Redis and MongoDB: the infrastructure starts once), the load and the window.
 */
final class IncidentRun {
    /** The load: pairs of users, each device sending this many messages a second. */
    static final int PAIRS = 4;
    static final double PER_SECOND = 5;
    /** Seconds of load before the window, of the window, and after it for late answers. */
    static final double WARMUP = 2;
    static final double FIRST_WARMUP = 4;
    /** Warming up goes on until what the users see is steady, at most this long (IncidentServer.warmUp). */
    static final double WARMUP_MAX = 20;
    static final double WINDOW = 6;
    static final double DRAIN = 2;
    /** The embedded infrastructure's start on a busy machine, then per phase a server's start and its load. */
    static final long START_SECONDS = 120;
    static final long PHASE_SECONDS = 90;

    private final Path root;
    private final Path work;

    /**
     * @param root the repository's root, where the server's jar is built
     * @param work where plans, results and the runs' output go
     */
    IncidentRun(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    Path serverJar() {
        return root.resolve("im-system/im-server/target/imlab-server.jar");
    }

    /**
     * Runs {@code fault} once per fix in {@code fixes} (null: no fix), in that order, in one JVM on
     * one embedded infrastructure, and returns what each window measured.
     *
     * @param name names the run's files in {@code work}
     */
    List<Measurement> run(String name, Fault fault, List<Diagnosis> fixes) throws Exception {
        Files.createDirectories(work);
        Properties plan = new Properties();
        plan.setProperty("fault", fault.name());
        List<Path> results = new java.util.ArrayList<>();
        for (int phase = 0; phase < fixes.size(); phase++) {
            String key = "phase." + phase + ".";
            Diagnosis fix = fixes.get(phase);
            if (fix != null && fix.cause().isSetting()) {
                plan.setProperty(key + "arg.0", fix.fix());
            } else if (fix != null) {
                plan.setProperty(key + "remedy", fix.remedy().name());
            }
            Path result = work.resolve(name + "-" + phase + ".properties").toAbsolutePath();
            Files.deleteIfExists(result);
            plan.setProperty(key + "result", result.toString());
            // The first server also warms up the JVM and the freshly started Kafka, Redis and MongoDB.
            plan.setProperty(key + "warmup", Double.toString(phase == 0 ? FIRST_WARMUP : WARMUP));
            results.add(result);
        }
        plan.setProperty("pairs", Integer.toString(PAIRS));
        plan.setProperty("perSecond", Double.toString(PER_SECOND));
        plan.setProperty("warmup", Double.toString(WARMUP));
        plan.setProperty("warmupMax", Double.toString(WARMUP_MAX));
        plan.setProperty("window", Double.toString(WINDOW));
        plan.setProperty("drain", Double.toString(DRAIN));
        Path planFile = work.resolve(name + ".plan");
        try (Writer out = Files.newBufferedWriter(planFile, StandardCharsets.UTF_8)) {
            plan.store(out, null);
        }
        Path log = work.resolve(name + ".log");
        Path classes = Path.of(IncidentServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dloader.path=" + classes, "-Dloader.main=" + IncidentServer.class.getName(),
                "-cp", serverJar().toString(), "org.springframework.boot.loader.launch.PropertiesLauncher"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(IncidentServer.PLAN, planFile.toAbsolutePath().toString());
        Process process = builder.start();
        long timeout = START_SECONDS + PHASE_SECONDS * fixes.size();
        try {
            if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the run " + name + " did not end in " + timeout + " s; its output: "
                        + log + "\n" + tail(log));
            }
        } finally {
            process.destroyForcibly();
        }
        List<Measurement> measured = new java.util.ArrayList<>();
        for (Path result : results) {
            if (process.exitValue() != 0 || !Files.isRegularFile(result)) {
                throw new IllegalStateException("the run " + name + " failed (exit " + process.exitValue()
                        + "); its output: " + log + "\n" + tail(log));
            }
            measured.add(Measurement.read(result));
        }
        return measured;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e + ")";
        }
    }
}
