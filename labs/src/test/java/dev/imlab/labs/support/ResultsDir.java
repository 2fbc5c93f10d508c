package dev.imlab.labs.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code target/lab-results}: what the last test run left for the proof and for the next run.
 *
 * <ul>
 * <li>{@code tests.tsv}: one {@link TestOutcome} per test of the last run, rewritten by every run;
 * <li>{@code progress.tsv}: per lab, passed and total of the last run that ran it, so that a run of
 *     one lab ({@code -Dgroups=lab02}) still shows the others in the progress table;
 * <li>{@code solved.tsv}: per lab, what its passing tests solved so far, across runs (lab12: the
 *     faults of the incidents diagnosed and fixed).
 * <li>{@code table.txt}: the progress table of the last run, as {@link ProgressReport} prints it;
 * <li>{@code not-green.txt}: there only while the last run left a test that did not pass; the labs'
 *     pom fails the build on it, after the table, with {@code -Dimlab.labs.strict}.
 * </ul>
 */
final class ResultsDir {
    /** Where surefire says (the pom sets it); the default suits a run from the module's folder. */
    static final String PROPERTY = "imlab.labs.results";

    private final Path dir;

    ResultsDir(Path dir) {
        this.dir = dir;
    }

    static ResultsDir fromSystemProperty() {
        return new ResultsDir(Path.of(System.getProperty(PROPERTY, "target/lab-results")));
    }

    Path testsFile() {
        return dir.resolve("tests.tsv");
    }

    void writeTests(List<TestOutcome> outcomes) {
        List<String> lines = new ArrayList<>(outcomes.size());
        for (TestOutcome o : outcomes) {
            lines.add(o.toLine());
        }
        write(testsFile(), lines);
    }

    void writeTable(String table) {
        write(dir.resolve("table.txt"), List.of(table.strip()));
    }

    /** The table of the last run, or nothing when no run wrote one. */
    List<String> readTable() {
        return read(dir.resolve("table.txt"));
    }

    /** What {@code not-green.txt} says, or nothing when every test of the last run passed. */
    List<String> readNotGreen() {
        return read(dir.resolve("not-green.txt"));
    }

    /** Leaves {@code not-green.txt} saying how many tests of this run did not pass, or removes it when all did. */
    void writeNotGreen(int notGreen, int total) {
        Path file = dir.resolve("not-green.txt");
        if (notGreen == 0) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            write(file, List.of(notGreen + " of " + total + " lab tests of this run are not green yet"));
        }
    }

    /** The outcomes of the last run; empty when no run wrote any. */
    List<TestOutcome> readTests() {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (String line : read(testsFile())) {
            outcomes.add(TestOutcome.fromLine(line));
        }
        return outcomes;
    }

    /** Lab to {passed, total}, as remembered from earlier runs. */
    Map<String, int[]> readProgress() {
        Map<String, int[]> progress = new TreeMap<>();
        for (String line : read(dir.resolve("progress.tsv"))) {
            String[] f = line.split("\t");
            if (f.length == 3) {
                progress.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
            }
        }
        return progress;
    }

    void writeProgress(Map<String, int[]> progress) {
        List<String> lines = new ArrayList<>();
        progress.forEach((lab, counts) -> lines.add(lab + "\t" + counts[0] + "\t" + counts[1]));
        write(dir.resolve("progress.tsv"), lines);
    }

    /** Lab to what its tests solved in any run so far. */
    Map<String, java.util.Set<String>> readSolved() {
        Map<String, java.util.Set<String>> solved = new TreeMap<>();
        for (String line : read(dir.resolve("solved.tsv"))) {
            String[] f = line.split("\t", 2);
            if (f.length == 2) {
                solved.computeIfAbsent(f[0], lab -> new java.util.TreeSet<>()).add(f[1]);
            }
        }
        return solved;
    }

    void writeSolved(Map<String, java.util.Set<String>> solved) {
        List<String> lines = new ArrayList<>();
        solved.forEach((lab, what) -> what.forEach(w -> lines.add(lab + "\t" + w.replace('\t', ' ').replace('\n', ' '))));
        write(dir.resolve("solved.tsv"), lines);
    }

    private static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
