package dev.imlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs' protocol chapter ({@code docs/src/docs/asciidoc/protocol.adoc}) is the wire contract: it
 * lists every frame type the code decodes or sends, in the table for its direction, and every
 * {@link ErrorCode}; and it lists nothing the code does not know. The types are read from the
 * frame records themselves, so a frame added to the code without a row in the chapter fails here.
 */
class ProtocolChapterTest {
    private static final Path CHAPTER = Path.of("docs", "src", "docs", "asciidoc", "protocol.adoc");
    /** The first cell of a table row: {@code | `send`}, {@code | `read` (v2)}, {@code | `A` / `B`}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(`.*)$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    private static final List<String> LINES = read();

    @Test
    void everyClientFrameType_hasARow_inTheClientToServerTable() {
        assertThat(firstCells("==== Client to server")).as("the types of the chapter's client-to-server table")
                .containsExactlyInAnyOrderElementsOf(types(ClientFrame.class));
    }

    @Test
    void everyServerFrameType_hasARow_inTheServerToClientTable() {
        assertThat(firstCells("==== Server to client")).as("the types of the chapter's server-to-client table")
                .containsExactlyInAnyOrderElementsOf(types(ServerFrame.class));
    }

    @Test
    void everyErrorCode_isNamedInTheChapter_andTheErrorTableNamesOnlyRealCodes() {
        Set<String> named = new LinkedHashSet<>();
        for (String line : LINES) {
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                named.addAll(Arrays.asList(span.group(1).split("[^A-Z_]+")));
            }
        }
        List<String> codes = Arrays.stream(ErrorCode.values()).map(Enum::name).toList();
        assertThat(codes.stream().filter(code -> !named.contains(code)))
                .as("error codes that %s never names in a `code span`", CHAPTER).isEmpty();
        assertThat(codes).as("the codes of the chapter's error-code table").containsAll(firstCells("==== Error codes"));
    }

    /**
     * The wire names in the first column of the table below {@code heading}: each row starts after a
     * blank line (the header row, right below {@code |===}, does not), with its first cell.
     */
    private static List<String> firstCells(String heading) {
        int at = LINES.indexOf(heading);
        assertThat(at).as("the heading \"%s\" in %s", heading, CHAPTER).isNotNegative();
        int open = LINES.subList(at, LINES.size()).indexOf("|===") + at;
        int close = LINES.subList(open + 1, LINES.size()).indexOf("|===") + open + 1;
        List<String> cells = new ArrayList<>();
        for (int i = open + 2; i < close; i++) {
            Matcher row = ROW.matcher(LINES.get(i));
            if (row.matches() && LINES.get(i - 1).isBlank()) {
                Matcher span = CODE_SPAN.matcher(row.group(1));
                while (span.find()) {
                    cells.add(span.group(1));
                }
            }
        }
        assertThat(cells).as("rows of the table below \"%s\"", heading).isNotEmpty();
        return cells;
    }

    /** The wire {@code type} of every record of a sealed frame interface. */
    private static List<String> types(Class<?> frames) {
        return Stream.of(frames.getPermittedSubclasses()).map(ProtocolChapterTest::typeOf).toList();
    }

    private static String typeOf(Class<?> record) {
        try {
            Class<?>[] parameters = Stream.of(record.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<?> canonical = record.getDeclaredConstructor(parameters);
            Object[] arguments = Stream.of(parameters).map(ProtocolChapterTest::zero).toArray();
            Object frame = canonical.newInstance(arguments);
            return (String) record.getMethod("type").invoke(frame);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read the wire type of " + record.getName(), e);
        }
    }

    private static Object zero(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }

    /** The chapter, found from the module's folder or the repository's, whichever the build runs in. */
    private static List<String> read() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(CHAPTER))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a folder above %s holding %s", Path.of("").toAbsolutePath(), CHAPTER).isNotNull();
        try {
            return Files.readAllLines(dir.resolve(CHAPTER), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
