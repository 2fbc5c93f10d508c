package dev.imlab.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures im-bench measured, as the docs quote them ({@code docs/src/docs/asciidoc/results/measured.adoc},
 * {@code :m-<key>: <value>}): sizes checked against a measurement follow it when it is measured again.
 */
final class MeasuredFigures {
    private static final String FILE = "docs/src/docs/asciidoc/results/measured.adoc";

    private MeasuredFigures() {
    }

    /** A figure in KiB (written {@code 6.86 KiB} or {@code 6.86 KB}). */
    static double kib(String key) {
        Matcher m = Pattern.compile("(?m)^:" + Pattern.quote(key) + ": ([\\d.,]+) Ki?B$")
                .matcher(DeployFiles.read(DeployFiles.REPOSITORY.resolve(FILE)));
        if (!m.find()) {
            throw new AssertionError(FILE + " has no figure :" + key + ": in KiB");
        }
        return Double.parseDouble(m.group(1).replace(",", ""));
    }
}
