package dev.imlab.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client frame decoder under random input: whatever a client sends, the decoder either returns
 * a frame or refuses with one of the documented codes of a malformed frame (PROTOCOL.md "Error
 * codes"). No other exception, ever: an exception that escapes would close the connection without
 * an answer, or worse, reach code that assumes a checked frame.
 *
 * <p>Inputs: arbitrary text, and mutations of the seed frames in {@code fuzz/client-frames.txt}
 * (fields dropped or replaced by values of other types and sizes, text cut and spliced). A frame
 * that decodes must encode again and decode to the same frame. The number of tries is jqwik's
 * default here (1,000 per property, a few seconds); for a long run:
 * {@code ./mvnw -pl im-system/im-protocol test -Dtest=FrameDecoderFuzzTest -Djqwik.tries.default=1000000}.
 */
class FrameDecoderFuzzTest {
    /** What a malformed frame may be refused with. */
    private static final Set<ErrorCode> FRAME_REFUSALS = EnumSet.of(ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.MISSING_FIELD, ErrorCode.INVALID_FIELD, ErrorCode.TOO_LARGE);
    private static final List<String> SEEDS = seeds();
    private static final Set<String> TYPES = Set.of("send", "ack", "sync", "pull", "read", "recall", "ping");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FrameCodec codec = new FrameCodec();

    @Property
    void anyText_isAFrameOrADocumentedRefusal(@ForAll String text) {
        decodeOrRefuse(text);
    }

    @Property
    void mutatedFrames_areFramesOrDocumentedRefusals(@ForAll("mutatedFrames") String text) {
        decodeOrRefuse(text);
    }

    @Property
    void anyConversationId_parsesToItselfOrIsInvalid(@ForAll("conversationIds") String value) {
        try {
            assertThat(ConversationId.parse(value).value()).isEqualTo(value);
        } catch (ImException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        }
    }

    private void decodeOrRefuse(String text) {
        ClientFrame frame;
        try {
            frame = codec.decodeClient(text);
        } catch (ImException e) {
            assertThat(e.code()).as("refusal of %s", text).isIn(FRAME_REFUSALS);
            if (knownType(text)) {
                // PROTOCOL.md: the ref is the clientMsgId or the request type; without a type there is none.
                assertThat(e.ref()).as("ref of the refusal of %s", text).isNotNull();
            }
            return;
        }
        assertThat(codec.decodeClient(codec.encode(frame))).as("round trip of %s", text).isEqualTo(frame);
    }

    /** Whether the text is a JSON object whose {@code type} is one of the client frame types. */
    private static boolean knownType(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() && node.path("type").isString()
                    && TYPES.contains(node.path("type").stringValue());
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> mutatedFrames() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        return Arbitraries.oneOf(
                Combinators.combine(seed, jsonValues(), Arbitraries.integers().between(0, 5))
                        .as(FrameDecoderFuzzTest::replaceAValue),
                Combinators.combine(seed, Arbitraries.integers().between(0, 5)).as(FrameDecoderFuzzTest::dropAField),
                Combinators.combine(seed, Arbitraries.integers().between(0, 200)).as(FrameDecoderFuzzTest::cut),
                Combinators.combine(seed, Arbitraries.strings().ofMaxLength(8), Arbitraries.integers().between(0, 200))
                        .as(FrameDecoderFuzzTest::splice),
                Combinators.combine(seed, Arbitraries.integers().between(1, 3000)).as(FrameDecoderFuzzTest::nest));
    }

    @Provide
    Arbitrary<String> conversationIds() {
        Arbitrary<String> part = Arbitraries.strings().withChars("abzAZ09.-_ é").ofMaxLength(70);
        return Arbitraries.oneOf(Arbitraries.strings(),
                part.map(p -> "sg_" + p),
                Combinators.combine(part, part).as((a, b) -> "si_" + a + "_" + b));
    }

    /** JSON values of every type, including sizes and shapes at and beyond the limits. */
    private static Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80).map(FrameDecoderFuzzTest::quoted),
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

    private static List<String> seeds() {
        try (var in = FrameDecoderFuzzTest.class.getResourceAsStream("/fuzz/client-frames.txt")) {
            List<String> seeds = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    seeds.add(line);
                }
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
