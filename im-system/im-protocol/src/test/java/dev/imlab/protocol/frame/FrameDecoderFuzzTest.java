package dev.imlab.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.testsupport.fuzz.ClientFrameFuzz;
import java.util.EnumSet;
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
 * <p>Inputs: arbitrary text, and the seed frames and their mutations of {@link ClientFrameFuzz}. A frame
 * that decodes must encode again and decode to the same frame. The number of tries is jqwik's
 * default here (1,000 per property, a few seconds); for a long run:
 * {@code ./mvnw -pl im-system/im-protocol test -Dtest=FrameDecoderFuzzTest -Djqwik.tries.default=1000000}.
 */
class FrameDecoderFuzzTest {
    /** What a malformed frame may be refused with. */
    private static final Set<ErrorCode> FRAME_REFUSALS = EnumSet.of(ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.MISSING_FIELD, ErrorCode.INVALID_FIELD, ErrorCode.TOO_LARGE);
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
        return ClientFrameFuzz.frames();
    }

    @Provide
    Arbitrary<String> conversationIds() {
        Arbitrary<String> part = Arbitraries.strings().withChars("abzAZ09.-_ é").ofMaxLength(70);
        return Arbitraries.oneOf(Arbitraries.strings(),
                part.map(p -> "sg_" + p),
                Combinators.combine(part, part).as((a, b) -> "si_" + a + "_" + b));
    }
}
