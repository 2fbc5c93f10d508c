package dev.imlab.labs.support;

/**
 * How one lab test ended: a line of {@code target/lab-results/tests.tsv}, which the progress table
 * counts and {@link StubProof} checks.
 *
 * @param lab the test's {@code labNN} tag, or empty when it has none (a defect: -Dgroups cannot pick it)
 * @param test {@code TestClass.method}, plus the invocation for a parameterized test
 * @param notDone whether the failure was, or was caused by, {@code LabNotDone}: a stub speaking
 * @param detail the first line of the failure, empty when it passed
 */
record TestOutcome(String lab, String test, Result result, boolean notDone, String detail) {

    enum Result { PASSED, FAILED, ABORTED, SKIPPED }

    String toLine() {
        return String.join("\t", lab, clean(test), result.name(), String.valueOf(notDone), clean(detail));
    }

    static TestOutcome fromLine(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("not a test outcome line (want 5 tab-separated fields): " + line);
        }
        return new TestOutcome(f[0], f[1], Result.valueOf(f[2]), Boolean.parseBoolean(f[3]), f[4]);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
