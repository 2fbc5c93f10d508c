package dev.imlab.bench.results;

import dev.imlab.bench.BenchMain;
import dev.imlab.bench.cli.Options;
import dev.imlab.bench.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code handbook}: every figure the handbook quotes, measured anew. Runs the README results table's
 * scenarios with its arguments, one after the other (each on a fresh server), and merges each run's
 * figures into the measured-results file as soon as it ends, so a failure later keeps what was done.
 * The short runs go first. Tens of minutes: a command of its own, never part of the test suite.
 *
 * <p>Options given to {@code handbook} (say {@code --server-jar}, {@code --out}) go to every run and
 * show in its {@code -cmd}; {@code --only transfer,restart} runs some of the steps.
 */
public final class HandbookRun {
    /** Step name to the scenario and its arguments, as the README's results table ran them. */
    static final Map<String, List<String>> STEPS = steps();

    private static Map<String, List<String>> steps() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("transfer", List.of("transfer", "--messages", "300000", "--ceiling-memory"));
        s.put("restart", List.of("restart", "--messages", "1000000"));
        s.put("catchup", List.of("catchup", "--messages", "50000", "--conversations", "10"));
        s.put("expiry", List.of("expiry", "--messages", "50000", "--conversations", "10", "--ttl", "30s", "--reap-interval", "90s"));
        s.put("group", List.of("group", "--members", "2000", "--online", "0.5", "--senders", "2", "--rate", "10",
                "--duration", "90s", "--warmup", "30s", "--drain", "60s"));
        s.put("group-reads", List.of("group", "--members", "2000", "--online", "0.5", "--senders", "2", "--rate", "10",
                "--duration", "90s", "--warmup", "30s", "--drain", "60s", "--reads"));
        s.put("group-10k", List.of("group", "--members", "10000", "--online", "0.5", "--senders", "2", "--rate", "2",
                "--duration", "90s", "--warmup", "30s", "--drain", "60s"));
        s.put("connections", List.of("connections", "--connections", "19000", "--hold", "30s"));
        s.put("rate-200", List.of("throughput", "--pairs", "50", "--rate", "200", "--duration", "120s", "--warmup", "90s"));
        s.put("rate-2000", List.of("throughput", "--pairs", "50", "--rate", "2000", "--duration", "120s", "--warmup", "90s"));
        s.put("flat", List.of("throughput", "--pairs", "50", "--duration", "180s", "--warmup", "150s"));
        return s;
    }

    private HandbookRun() {
    }

    /** Runs the steps; returns how many failed (each failure is printed and the next step runs). */
    public static int run(Options given) {
        Path file = RunFigures.file(given.string("results", "true"));
        List<String> only = given.string("only", null) == null ? List.copyOf(STEPS.keySet())
                : Arrays.asList(given.string("only", "").split(","));
        for (String step : only) {
            if (!STEPS.containsKey(step)) {
                throw new IllegalArgumentException("--only: no step '" + step + "'; the steps are " + STEPS.keySet());
            }
        }
        System.out.println("handbook: " + only + " into " + file.toAbsolutePath());
        List<String> failed = new ArrayList<>();
        for (String step : only) {
            List<String> words = STEPS.get(step);
            String scenario = words.get(0);
            Options options = options(words.subList(1, words.size()), given).with("results", file.toString());
            System.out.println("\n== handbook step " + step + ": " + RunFigures.command(scenario, options));
            try {
                Report report = BenchMain.run(scenario, options);
                Path dir = report.write();
                System.out.print(report.text());
                System.out.println("report: " + dir.toAbsolutePath());
                if (report.figures().isEmpty()) {
                    failed.add(step + " (no figures: a check failed, see its report)");
                }
            } catch (Exception e) {
                e.printStackTrace();
                failed.add(step + " (" + e + ")");
            }
        }
        System.out.println("\nhandbook: " + (only.size() - failed.size()) + " of " + only.size() + " steps wrote their figures to "
                + file.toAbsolutePath() + (failed.isEmpty() ? "" : "; failed: " + failed));
        return failed.size();
    }

    /** The step's own arguments, then whatever was given to {@code handbook} but its own options. */
    static Options options(List<String> stepArgs, Options given) {
        Options o = Options.parse(stepArgs.toArray(String[]::new));
        given.asMap().forEach((name, value) -> {
            if (!name.equals("results") && !name.equals("only")) {
                o.with(name, value);
            }
        });
        return o;
    }
}
