package dev.imlab.labs.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The table printed at the end of a test run: one line per lab, then what to do next.
 *
 * <pre>
 * [x] lab01   6/6   The message path and partitioning
 * [ ] lab02   3/11  Seq ordering
 * [ ] lab03   -     ACK, retransmission and idempotency (not run yet)
 * [x] lab12   1/1   Incidents on the live system
 *              solved: 2 (a blocking call on ...; every consumer fetch waited ...)
 * Next: lab02 -> ./mvnw test -pl labs -Dgroups=lab02   (guide and hints: labs/guides/lab02.adoc)
 * </pre>
 *
 * The labs are the union of the guides in {@code labs/guides} and the labs that ran, so a lab
 * nobody ran yet still shows; counts come from this run, or else from the last run that ran the
 * lab.
 */
final class ProgressTable {
    private static final Pattern GUIDE = Pattern.compile("(lab\\d\\d)\\.adoc");
    private static final Pattern TITLE = Pattern.compile("=\\s+(?:lab\\d\\d\\s*:\\s*)?(.*)");

    private record Row(String lab, int passed, int total, boolean thisRun) {
        boolean done() {
            return total > 0 && passed == total;
        }
    }

    private ProgressTable() {
    }

    /**
     * @param thisRun lab to {passed, total} of the tests that just ran
     * @param earlier the same, remembered from earlier runs
     * @param solved lab to what its tests solved so far (lab12: the incidents diagnosed and fixed), listed under it
     * @param guides the folder of the lab guides, for the list of labs and their titles; may be missing
     * @param solutions whether these are the reference solutions rather than a learner's labs
     */
    static List<String> render(Map<String, int[]> thisRun, Map<String, int[]> earlier, Map<String, Set<String>> solved,
                               Path guides, boolean solutions) {
        Map<String, String> titles = titles(guides);
        Map<String, Row> rows = new TreeMap<>();
        titles.keySet().forEach(lab -> rows.put(lab, new Row(lab, 0, 0, false)));
        earlier.forEach((lab, c) -> {
            if (titles.isEmpty() || titles.containsKey(lab)) { // a remembered lab without a guide was renamed or removed
                rows.put(lab, new Row(lab, c[0], c[1], false));
            }
        });
        thisRun.forEach((lab, c) -> rows.put(lab, new Row(lab, c[0], c[1], true)));

        List<String> lines = new ArrayList<>();
        lines.add(solutions ? "imlab solutions: the labs' tests against the reference implementations"
                : "imlab labs: your progress");
        Row next = null;
        for (Row r : rows.values()) {
            String counts = r.total == 0 ? "-" : r.passed + "/" + r.total;
            String note = r.total == 0 ? " (not run yet)" : r.thisRun ? "" : " (earlier run)";
            lines.add(String.format("  [%s] %-6s %-6s %s%s", r.done() ? "x" : " ", r.lab, counts,
                    titles.getOrDefault(r.lab, ""), note).stripTrailing());
            Set<String> what = solved.getOrDefault(r.lab, Set.of());
            if (!what.isEmpty()) {
                lines.add("               solved: " + what.size() + " (" + String.join("; ", what) + ")");
            }
            if (next == null && !r.done()) {
                next = r;
            }
        }
        if (next == null) {
            lines.add(solutions ? "Every lab test passes."
                    : "All labs done. Each guide's last sections show the real system doing what you built.");
        } else if (!solutions) {
            lines.add("Next: " + next.lab + " -> ./mvnw test -pl labs -Dgroups=" + next.lab
                    + "   (guide and hints: labs/guides/" + next.lab + ".adoc)");
        } else {
            lines.add("Not passing: " + next.lab + " (and maybe later ones): the reference solution is wrong.");
        }
        return lines;
    }

    /** Lab to title, from the first line of each {@code labNN.adoc}: {@code = lab02: Seq ordering}. */
    private static Map<String, String> titles(Path guides) {
        Map<String, String> titles = new TreeMap<>();
        if (guides == null || !Files.isDirectory(guides)) {
            return titles;
        }
        try (Stream<Path> files = Files.list(guides)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = GUIDE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    titles.put(name.group(1), title(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the lab guides in " + guides, e);
        }
        return titles;
    }

    private static String title(Path guide) throws IOException {
        try (Stream<String> lines = Files.lines(guide, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("= ")).findFirst()
                    .map(l -> {
                        Matcher m = TITLE.matcher(l);
                        return m.matches() ? m.group(1).trim() : "";
                    })
                    .orElse("");
        }
    }
}
