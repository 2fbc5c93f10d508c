package dev.imlab.labs.support;

import dev.imlab.labs.support.TestOutcome.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check behind {@code ./mvnw verify -Dimlab.labs.prove}: run in the labs module's verify
 * phase, after its tests ran against the untouched stubs with failures ignored, it fails the
 * build unless every lab test failed there, and failed because of {@code LabNotDone}.
 *
 * <p>Why each rule. A test that passes against a stub cannot tell a learner's right code from no
 * code (STYLE.md: a test that could pass against an empty implementation is a defect). A test
 * that fails for another reason (a fixture bug, a broker that did not start) does not show the
 * learner the lab, the file and the hints that {@code LabNotDone} names. A test without a
 * {@code labNN} tag cannot be run with {@code -Dgroups}. And zero tests proves nothing: a
 * misconfigured run must not look like a clean one.
 *
 * <p>The solutions module runs the same tests, where plain surefire makes every one pass.
 */
public final class StubProof {

    private StubProof() {
    }

    /**
     * Prints the verdict; exits with 1 when there is a defect, which fails the build.
     *
     * @param args the results folder the listener wrote, {@code target/lab-results}
     */
    public static void main(String[] args) {
        List<TestOutcome> outcomes = new ResultsDir(Path.of(args.length > 0 ? args[0] : "target/lab-results")).readTests();
        List<String> defects = defects(outcomes);
        if (!defects.isEmpty()) {
            defects.forEach(System.err::println);
            System.exit(1);
        }
        System.out.println("Stub proof: all " + outcomes.size()
                + " lab tests ran against the stubs in labs/, and every one failed with LabNotDone.");
    }

    static List<String> defects(List<TestOutcome> outcomes) {
        List<String> found = new ArrayList<>();
        if (outcomes.isEmpty()) {
            found.add("No lab test ran against the stubs (" + ResultsDir.PROPERTY + " has no tests.tsv): "
                    + "nothing is proven. Were the tests skipped or filtered out?");
            return found;
        }
        for (TestOutcome o : outcomes) {
            String who = (o.lab().isEmpty() ? "(no lab tag)" : o.lab()) + " " + o.test();
            if (o.result() == Result.PASSED) {
                found.add(who + " PASSED against the stub: it does not test the learner's code.");
            } else if (o.result() != Result.FAILED) {
                found.add(who + " was " + o.result() + " against the stub, not failed: " + o.detail());
            } else if (!o.notDone()) {
                found.add(who + " failed against the stub, but not with LabNotDone, so the learner is not told "
                        + "what to edit: " + o.detail());
            }
            if (o.lab().isEmpty() && o.result() == Result.FAILED && o.notDone()) {
                found.add(who + " has no @Tag(\"labNN\"): -Dgroups cannot select it.");
            }
        }
        if (!found.isEmpty()) {
            found.add(0, found.size() + " of " + outcomes.size() + " lab tests do not fail as they must against "
                    + "the untouched stubs in labs/ (every one must fail with LabNotDone):");
        }
        return found;
    }
}
