package dev.imlab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The capacity plan's arithmetic is done by hand with measured figures, so it goes stale when im-bench
 * measures again. The page lists the values it used ({@code :calc-m-<key>: <value>}); each must still be
 * the value of {@code :m-<key>:} in {@code results/measured.adoc}, or the page's numbers are for a run that
 * is no longer the one it shows.
 */
class CapacityPlanTest {
    private static final Path DOCS = Path.of("src", "docs", "asciidoc");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?m)^:([\\w-]+): (.*)$");

    @Test
    void theFiguresTheArithmeticUsed_areStillTheMeasuredOnes() throws IOException {
        Map<String, String> measured = attributes(DOCS.resolve("results/measured.adoc"));
        Map<String, String> used = new LinkedHashMap<>();
        attributes(DOCS.resolve("capacity.adoc")).forEach((name, value) -> {
            if (name.startsWith("calc-")) {
                used.put(name.substring("calc-".length()), value);
            }
        });

        assertThat(used).as("the :calc-m-...: lines of capacity.adoc").isNotEmpty();
        used.forEach((key, value) -> assertThat(measured.get(key))
                .as("%s in results/measured.adoc, which capacity.adoc's arithmetic used as %s: redo that arithmetic "
                        + "with the new figure, then update :calc-%s:", key, value, key)
                .isEqualTo(value));
    }

    private static Map<String, String> attributes(Path file) throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            attributes.put(m.group(1), m.group(2));
        }
        return attributes;
    }
}
