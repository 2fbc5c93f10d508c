package dev.imlab.testsupport.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Client frames for fuzzing, as text: the seed frames of {@code fuzz/client-frames.txt} (valid ones
 * and known tricky ones, kept in the repository) and mutations of them: a value replaced by one of
 * another type or size, a field dropped, the text cut or spliced with junk, a deep nesting added.
 * The frame decoder's properties (im-protocol) and the live gateway's (im-server) draw from here.
 */
public final class ClientFrameFuzz {
    private static final List<String> SEEDS = loadSeeds();

    private ClientFrameFuzz() {
    }

    /** The seed frames, in file order. */
    public static List<String> seeds() {
        return SEEDS;
    }

    /** Seeds and mutations of them, mixed. */
    public static Arbitrary<String> frames() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        return Arbitraries.oneOf(seed,
                Combinators.combine(seed, jsonValues(), Arbitraries.integers().between(0, 5))
                        .as(ClientFrameFuzz::replaceAValue),
                Combinators.combine(seed, Arbitraries.integers().between(0, 5)).as(ClientFrameFuzz::dropAField),
                Combinators.combine(seed, Arbitraries.integers().between(0, 200)).as(ClientFrameFuzz::cut),
                Combinators.combine(seed, Arbitraries.strings().ofMaxLength(8), Arbitraries.integers().between(0, 200))
                        .as(ClientFrameFuzz::splice),
                Combinators.combine(seed, Arbitraries.integers().between(1, 3000)).as(ClientFrameFuzz::nest));
    }

    /** JSON values of every type, including sizes and shapes at and beyond the limits. */
    public static Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80).map(ClientFrameFuzz::quoted),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("null", "true", "false", "[]", "{}", "\"\"", "0", "-1", "1e400", "-0",
                        "18446744073709551616", "\"" + "x".repeat(5000) + "\"", "\"" + "é".repeat(3000) + "\"",
                        "{\"$gt\":\"\"}", "\"\\u0000\"", "\"\\ud800\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]"));
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The seed with its {@code n}th value (mod the number of values) replaced. */
    private static String replaceAValue(String seed, String value, int n) {
        List<int[]> values = valueSpans(seed);
        if (values.isEmpty()) {
            return seed;
        }
        int[] span = values.get(n % values.size());
        return seed.substring(0, span[0]) + value + seed.substring(span[1]);
    }

    /** The seed without its {@code n}th field. */
    private static String dropAField(String seed, int n) {
        List<int[]> fields = fieldSpans(seed);
        if (fields.isEmpty()) {
            return seed;
        }
        int[] span = fields.get(n % fields.size());
        String without = seed.substring(0, span[0]) + seed.substring(span[1]);
        return without.replace(",}", "}").replace("{,", "{");
    }

    private static String cut(String seed, int at) {
        return seed.substring(0, Math.min(at, seed.length()));
    }

    private static String splice(String seed, String junk, int at) {
        int i = Math.min(at, seed.length());
        return seed.substring(0, i) + junk + seed.substring(i);
    }

    /** The seed wrapped as a value nested {@code depth} arrays deep in an extra field. */
    private static String nest(String seed, int depth) {
        if (!seed.startsWith("{") || seed.length() < 2) {
            return seed;
        }
        return "{\"deep\":" + "[".repeat(depth) + "1" + "]".repeat(depth) + "," + seed.substring(1);
    }

    /** Where the top-level values of a flat seed object are: after each {@code ":"}, up to the next top-level comma or brace. */
    private static List<int[]> valueSpans(String seed) {
        List<int[]> spans = new ArrayList<>();
        for (int[] field : fieldSpans(seed)) {
            int colon = seed.indexOf(':', field[0]);
            if (colon > 0 && colon < field[1]) {
                int end = field[1];
                if (seed.charAt(end - 1) == ',') {
                    end--;
                }
                spans.add(new int[] {colon + 1, end});
            }
        }
        return spans;
    }

    /** Spans of {@code "key":value,} at depth 1 of the seed (commas included where present). */
    private static List<int[]> fieldSpans(String seed) {
        List<int[]> spans = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = -1;
        for (int i = 0; i < seed.length(); i++) {
            char c = seed.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
                if (depth == 1 && start < 0) {
                    start = i;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 1 && start >= 0) {
                    spans.add(new int[] {start, i});
                    start = -1;
                }
                depth--;
            } else if (c == ',' && depth == 1 && start >= 0) {
                spans.add(new int[] {start, i + 1});
                start = -1;
            }
        }
        return spans;
    }


    private static List<String> loadSeeds() {
        try (InputStream in = ClientFrameFuzz.class.getResourceAsStream("/fuzz/client-frames.txt")) {
            if (in == null) {
                throw new IllegalStateException("fuzz/client-frames.txt is missing from the classpath");
            }
            List<String> seeds = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    seeds.add(line);
                }
            }
            return List.copyOf(seeds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
