package dev.imlab.labs.support;

import dev.imlab.labs.support.TestOutcome.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records how every lab test ended and, when the run is over, prints the progress table and
 * writes {@code target/lab-results} for {@link StubProof} and for the next run's table.
 *
 * <p>Registered in {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so
 * surefire, an IDE or any other JUnit Platform launcher picks it up without configuration.
 *
 * <p>A test's lab is its {@code labNN} tag, on the test class (or inherited from an enclosing
 * one). A test whose class fails before it runs (a broker that does not start in
 * {@code @BeforeAll}) is never reported by JUnit on its own; it is recorded with its class's
 * failure, so that no test slips out of the count.
 */
public final class LabProgressListener implements TestExecutionListener {
    /** By name: the solutions module has no such class, and its tests must not need one. */
    static final String NOT_DONE = "dev.imlab.labs.LabNotDone";
    private static final Pattern LAB = Pattern.compile("lab\\d\\d");
    /** A test that solved something worth listing publishes {@code labNN.solved} with what it was (lab12: incidents). */
    private static final Pattern SOLVED = Pattern.compile("(lab\\d\\d)\\.solved");
    /**
     * Set by the labs' pom: {@link ProgressReport} prints the table after surefire's own summary,
     * so that the table and the next command end the build's output.
     */
    static final String PRINTED_LATER = "imlab.labs.table-printed-later";

    private final List<TestOutcome> outcomes = new ArrayList<>();
    private final Set<String> recorded = new HashSet<>();
    private final Map<String, Set<String>> solved = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((key, value) -> {
            java.util.regex.Matcher m = SOLVED.matcher(key);
            if (m.matches()) {
                solved.computeIfAbsent(m.group(1), lab -> new java.util.TreeSet<>()).add(value);
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        for (TestIdentifier test : testsIn(id)) {
            record(test, Result.SKIPPED, false, "skipped: " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Result r = switch (result.getStatus()) {
            case SUCCESSFUL -> Result.PASSED;
            case ABORTED -> Result.ABORTED;
            case FAILED -> Result.FAILED;
        };
        Throwable failure = result.getThrowable().orElse(null);
        if (id.isTest()) {
            record(id, r, isNotDone(failure), firstLine(failure));
        } else if (r != Result.PASSED) {
            for (TestIdentifier test : testsIn(id)) {
                record(test, r, isNotDone(failure), firstLine(failure));
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ResultsDir results = ResultsDir.fromSystemProperty();
        results.writeTests(outcomes);
        results.writeNotGreen((int) outcomes.stream().filter(o -> o.result() != Result.PASSED).count(), outcomes.size());

        Map<String, int[]> thisRun = new TreeMap<>();
        int untagged = 0;
        for (TestOutcome o : outcomes) {
            if (o.lab().isEmpty()) {
                untagged++;
                continue;
            }
            int[] counts = thisRun.computeIfAbsent(o.lab(), lab -> new int[2]);
            counts[0] += o.result() == Result.PASSED ? 1 : 0;
            counts[1]++;
        }
        Map<String, int[]> earlier = results.readProgress();
        Map<String, int[]> remembered = new TreeMap<>(earlier);
        remembered.putAll(thisRun);
        results.writeProgress(remembered);
        Map<String, Set<String>> allSolved = results.readSolved();
        solved.forEach((lab, what) -> allSolved.computeIfAbsent(lab, l -> new java.util.TreeSet<>()).addAll(what));
        results.writeSolved(allSolved);

        String guides = System.getProperty("imlab.labs.guides");
        boolean solutions = "solutions".equals(System.getProperty("imlab.labs.module"));
        StringBuilder out = new StringBuilder(System.lineSeparator());
        for (String line : ProgressTable.render(thisRun, earlier, allSolved,
                guides == null ? null : Path.of(guides), solutions)) {
            out.append(line).append(System.lineSeparator());
        }
        if (untagged > 0) {
            out.append(untagged).append(" test(s) have no @Tag(\"labNN\"): -Dgroups cannot select them.")
                    .append(System.lineSeparator());
        }
        results.writeTable(out.toString());
        if (!Boolean.getBoolean(PRINTED_LATER)) {
            System.out.print(out);
            System.out.flush();
        }
    }

    private void record(TestIdentifier test, Result result, boolean notDone, String detail) {
        if (recorded.add(test.getUniqueId())) {
            outcomes.add(new TestOutcome(labOf(test), nameOf(test), result, notDone, detail));
        }
    }

    /** The tests at or under {@code id}: one, or every test of a skipped or failed container. */
    private List<TestIdentifier> testsIn(TestIdentifier id) {
        if (id.isTest()) {
            return List.of(id);
        }
        List<TestIdentifier> tests = new ArrayList<>();
        for (TestIdentifier d : plan.getDescendants(id)) {
            if (d.isTest()) {
                tests.add(d);
            }
        }
        return tests;
    }

    private String labOf(TestIdentifier test) {
        for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
            for (TestTag tag : at.getTags()) {
                if (LAB.matcher(tag.getName()).matches()) {
                    return tag.getName();
                }
            }
        }
        return "";
    }

    /** {@code ReorderBufferTest.offer_dropsDuplicates}, or with {@code " [2] seed=7"} for an invocation. */
    private String nameOf(TestIdentifier test) {
        Optional<TestSource> source = test.getSource();
        if (source.isEmpty() || !(source.get() instanceof MethodSource method)) {
            return test.getDisplayName();
        }
        String className = method.getClassName();
        String name = className.substring(className.lastIndexOf('.') + 1) + "." + method.getMethodName();
        boolean invocation = plan.getParent(test).flatMap(TestIdentifier::getSource)
                .filter(MethodSource.class::isInstance).isPresent();
        return invocation ? name + " " + test.getDisplayName() : name;
    }

    static boolean isNotDone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(NOT_DONE)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable failure) {
        if (failure == null) {
            return "";
        }
        String text = failure.toString();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
