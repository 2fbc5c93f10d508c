package dev.imlab.labs.support;

import java.nio.file.Path;
import java.util.List;

/**
 * Prints the progress table of the last test run after surefire's own summary, so that the table
 * and the next command end the output of {@code mvn test -pl labs} (the labs' pom runs it right
 * after surefire). With {@code strict}, it then fails when a test of that run is not green: for a
 * learner's own CI, where a red lab must fail the build.
 */
public final class ProgressReport {
    private ProgressReport() {
    }

    /** Arguments: the results folder, then {@code strict} or {@code lenient}. */
    public static void main(String[] args) {
        ResultsDir results = new ResultsDir(Path.of(args[0]));
        List<String> table = results.readTable();
        if (table.isEmpty()) {
            return; // no lab test ran: surefire has said why
        }
        System.out.println();
        table.forEach(System.out::println);
        List<String> notGreen = results.readNotGreen();
        if (!notGreen.isEmpty() && args.length > 1 && args[1].equals("strict")) {
            System.out.println(notGreen.get(0) + " (imlab.labs.strict)");
            System.exit(1);
        }
    }
}
