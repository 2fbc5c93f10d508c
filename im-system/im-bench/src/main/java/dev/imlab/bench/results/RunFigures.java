package dev.imlab.bench.results;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --results} writes for one finished run: each figure the scenario gave, with the command
 * that reproduces it (the scenario and its arguments, as given) and when and on what it ran (date,
 * cores, load average at its start: whether the machine was quiet; a run's own processes load it
 * during the run, so the load at its end says little).
 */
public final class RunFigures {
    private RunFigures() {
    }

    /** Merges the run's figures into the file {@code --results} names; returns it, or null if the run gave none. */
    public static Path write(String scenario, Options options, Report report) throws IOException {
        if (report.figures().isEmpty()) {
            report.note("--results: this run gives no figure the handbook quotes (see MeasuredKeys for which runs do); "
                    + "nothing written");
            return null;
        }
        Path file = file(options.string("results", "true"));
        MeasuredFile.merge(file, attributes(scenario, options, report));
        report.line("\nFigures for the handbook, merged into " + file);
        report.figures().forEach((key, value) -> report.line("  " + key + ": " + value));
        return file;
    }

    static Map<String, String> attributes(String scenario, Options options, Report report) {
        String cmd = command(scenario, options);
        String when = report.startedAt().toLocalDate() + ", " + report.cpus() + " cores, load average "
                + report.loadAverageAtStart().replace(" ", " / ") + " (1 / 5 / 15 min) at start";
        Map<String, String> out = new LinkedHashMap<>();
        report.figures().forEach((key, value) -> {
            out.put(key, value);
            out.put(key + MeasuredKeys.CMD, cmd);
            out.put(key + MeasuredKeys.WHEN, when);
        });
        return out;
    }

    /** {@code java -jar im-system/im-bench/target/im-bench.jar <scenario> <its arguments>}, from the repository root. */
    public static String command(String scenario, Options options) {
        List<String> words = new ArrayList<>(List.of("java", "-jar", MeasuredFile.JAR, scenario));
        words.addAll(options.arguments("results"));
        return String.join(" ", words);
    }

    /**
     * {@code --results PATH} as given; a bare {@code --results} is the docs' file in the repository
     * this bench runs from (found from the working directory up, then from the jar up).
     */
    public static Path file(String option) {
        if (!option.equals("true")) {
            return Path.of(option);
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(RunFigures.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (Exception ignored) {
            // no code source: only the working directory is searched
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path docs = dir.resolve(MeasuredFile.DEFAULT).getParent().getParent(); // results/ may not exist yet
                if (Files.isDirectory(dir.resolve("im-system")) && Files.isDirectory(docs)) {
                    return dir.resolve(MeasuredFile.DEFAULT);
                }
            }
        }
        throw new IllegalStateException("no imlab repository (with docs/src/docs/asciidoc) above " + starts
                + "; run from the repository root or give --results PATH");
    }
}
