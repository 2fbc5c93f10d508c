package dev.imlab.bench.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measured-results file the docs include ({@code docs/src/docs/asciidoc/results/measured.adoc}):
 * AsciiDoc attribute entries only, {@code :m-<key>: <value>}, each with {@code -cmd} and {@code -when}.
 * The pages include it in their document header, so it holds no blank line (that would end the
 * header) and no title.
 *
 * <p>A run merges its own keys: they are replaced, every other entry is kept as it was; the file is
 * then written in a stable order (the design note's keys first, in its order, others after in the
 * order they came) to a temporary file beside it and moved over it, so a reader never sees half a
 * file. The header comment is written anew each time; any other comment is dropped. A file with
 * anything else in it is refused: it is not one im-bench wrote.
 */
public final class MeasuredFile {
    /** Where the docs include it from, relative to the repository root. */
    public static final String DEFAULT = "docs/src/docs/asciidoc/results/measured.adoc";
    /** The bench jar as the README's commands name it, run from the repository root. */
    public static final String JAR = "im-system/im-bench/target/im-bench.jar";

    static final String HEADER = """
            // Measured figures for the docs and the handbook. Written by im-bench: do not edit by hand.
            // Regenerate all of them (tens of minutes; from the repository root, on a quiet machine):
            //   java -jar %1$s handbook
            // One scenario's command with --results %2$s updates only its own keys.
            // Each figure {m-<key>} has {m-<key>-cmd}, the command that measured it, and {m-<key>-when}.
            """.formatted(JAR, DEFAULT);

    private static final Pattern ENTRY = Pattern.compile(":(\\w[\\w-]*):(?:[ \\t]+(.*))?");

    private MeasuredFile() {
    }

    /** Merges {@code attributes} (name without colons to value, not yet escaped) into {@code file}, creating it if missing. */
    public static void merge(Path file, Map<String, String> attributes) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        String text;
        try {
            text = merged(existing, attributes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The new text of the file: {@code existing} (null if none) with {@code attributes} escaped and put in. */
    static String merged(String existing, Map<String, String> attributes) {
        Map<String, String> entries = existing == null ? new LinkedHashMap<>() : parse(existing);
        attributes.forEach((name, value) -> {
            if (!ENTRY.matcher(":" + name + ":").matches()) {
                throw new IllegalArgumentException("'" + name + "' is not an attribute name");
            }
            entries.put(name, escape(value));
        });
        List<String> bases = new ArrayList<>();
        entries.keySet().forEach(name -> {
            if (!bases.contains(base(name))) {
                bases.add(base(name));
            }
        });
        List<String> names = new ArrayList<>(entries.keySet());
        names.sort(Comparator.comparingInt((String n) -> rank(base(n), bases)).thenComparingInt(MeasuredFile::suffixRank));
        StringBuilder out = new StringBuilder(HEADER);
        for (String name : names) {
            String value = entries.get(name);
            out.append(':').append(name).append(':').append(value.isEmpty() ? "" : " " + value).append('\n');
        }
        return out.toString();
    }

    /** Attribute entries in file order, values as written; comments and blank lines skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("//")) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not an attribute entry (\"" + line
                        + "\"): not a file im-bench wrote, so it is left alone");
            }
            entries.put(m.group(1), m.group(2) == null ? "" : m.group(2).strip());
        }
        return entries;
    }

    private static String base(String name) {
        for (String suffix : List.of(MeasuredKeys.CMD, MeasuredKeys.WHEN)) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static int rank(String base, List<String> bases) {
        int known = MeasuredKeys.ORDER.indexOf(base);
        return known >= 0 ? known : MeasuredKeys.ORDER.size() + bases.indexOf(base);
    }

    private static int suffixRank(String name) {
        return name.endsWith(MeasuredKeys.WHEN) ? 2 : name.endsWith(MeasuredKeys.CMD) ? 1 : 0;
    }

    // Asciidoctor applies header substitutions (special characters, attribute references) to an
    // entry's value where it is defined, and the rest of the normal substitutions (replacements,
    // macros; quotes run before attributes, so * _ ` # are safe) where a page uses it. Each rule below
    // puts a backslash where Asciidoctor honours one, so the value reads as written.
    private static final List<Rule> ESCAPES = List.of(
            // {name} would be read as an attribute reference: a missing one fails the docs build
            new Rule("\\{(?=(?:\\w[\\w-]*(?::\\w[\\w-]*)*|set:[^}]+|counter2?:[^}]+)\\})", "\\\\{"),
            // replacements: (C) (R) (TM), "..." , "--" as a dash, arrows, an apostrophe inside a word
            new Rule("\\((C|R|TM)\\)", "\\\\($1)"),
            new Rule("\\.\\.\\.", "\\\\..."),
            new Rule("(^| )--(?= |$)", "$1\\\\--"),
            new Rule("(\\w)--(?=\\w)", "$1\\\\--"),
            new Rule("(->|=>|<-|<=)", "\\\\$1"),
            new Rule("(\\p{Alnum})'(?=\\p{Alpha})", "$1\\\\'"),
            // macros: bare URLs and e-mail addresses become links, named macros, anchors, index terms, xrefs
            new Rule("(?<![\\\\\\w])((?:https?|file|ftp|irc)://)", "\\\\$1"),
            new Rule("(?<![\\\\\\w.%+-])(\\w[\\w.%+-]*@\\p{Alnum}[\\p{Alnum}_.-]*\\.\\p{Alpha}{2,4}\\b)", "\\\\$1"),
            new Rule("(?<![\\\\\\w])((?:footnote|footnoteref|image|icon|link|mailto|xref|pass|stem|latexmath|asciimath"
                    + "|indexterm2?|anchor):(?=\\S*\\[))", "\\\\$1"),
            new Rule("(\\[\\[|\\(\\(|<<)", "\\\\$1"));

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }

    /**
     * A value as it must be written so that a page shows it as given: on one line, with AsciiDoc's
     * replacements, macros and attribute references escaped, and no trailing {@code " +"} or
     * {@code " \"} (either would continue the entry onto the next line).
     */
    static String escape(String value) {
        String v = value.replaceAll("[\\p{Cntrl}]+", " ").strip();
        for (Rule rule : ESCAPES) {
            v = rule.pattern().matcher(v).replaceAll(rule.replacement());
        }
        if (v.endsWith(" +") || v.endsWith(" \\")) {
            v = v + "{empty}";
        }
        return v;
    }
}
