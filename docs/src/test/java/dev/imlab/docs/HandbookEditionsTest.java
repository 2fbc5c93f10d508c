package dev.imlab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The handbook's two editions ask the same questions: the same pages (file names) in
 * {@code handbook/en} and {@code handbook/zh}, and in each page the same {@code q-} anchors in the
 * same order; and every page links to its twin in the other language. The anchors are read from the
 * built HTML (this runs after Asciidoctor, in the same build), so whatever syntax a page uses for
 * them, what the reader gets is what is compared.
 */
class HandbookEditionsTest {
    private static final Path SOURCES = Path.of("src", "docs", "asciidoc", "handbook");
    private static final Path HTML = Path.of("target", "generated-docs", "handbook");
    private static final Pattern QUESTION_ID = Pattern.compile("\\sid=\"(q-[^\"]+)\"");

    @Test
    void bothEditions_haveTheSamePages() {
        assertThat(adocFiles("zh")).as("the pages (and partials) of handbook/zh, against handbook/en")
                .containsExactlyElementsOf(adocFiles("en"));
    }

    @Test
    void everyPage_asksTheSameQuestions_inTheSameOrder_inBothEditions() {
        for (String page : pages("en")) {
            List<String> en = questionIds("en", page);
            assertThat(questionIds("zh", page))
                    .as("the q- anchors of zh/%s.html, which must be those of en/%s.html in the same order", page, page)
                    .containsExactlyElementsOf(en);
        }
    }

    @Test
    void questionAnchors_areUniqueInAnEdition() {
        for (String edition : List.of("en", "zh")) {
            Set<String> seen = new HashSet<>();
            for (String page : pages(edition)) {
                for (String id : questionIds(edition, page)) {
                    assertThat(seen.add(id)).as("%s is used twice in handbook/%s (again in %s)", id, edition, page)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyPage_linksToItsTwinInTheOtherEdition() {
        for (String[] pair : new String[][] {{"en", "zh"}, {"zh", "en"}}) {
            for (String page : pages(pair[0])) {
                String link = "href=\"../" + pair[1] + "/" + page + ".html\"";
                assertThat(html(pair[0], page).contains(link))
                        .as("%s/%s.html links to its twin (%s): the language switch of %s/_header.adoc", pair[0], page,
                                link, pair[0])
                        .isTrue();
            }
        }
    }

    /** Every .adoc of an edition, pages and partials ({@code _header.adoc}), sorted. */
    private static List<String> adocFiles(String edition) {
        try (Stream<Path> files = Files.list(SOURCES.resolve(edition))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".adoc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pages (not the partials whose names start with _), without .adoc; index is always one. */
    private static List<String> pages(String edition) {
        List<String> pages = adocFiles(edition).stream().filter(n -> !n.startsWith("_"))
                .map(n -> n.substring(0, n.length() - ".adoc".length())).toList();
        assertThat(pages).as("pages of handbook/%s", edition).contains("index");
        return pages;
    }

    private static List<String> questionIds(String edition, String page) {
        Matcher m = QUESTION_ID.matcher(html(edition, page));
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String html(String edition, String page) {
        Path file = HTML.resolve(edition).resolve(page + ".html");
        assertThat(file).as("%s, built from %s (run the docs build: ./mvnw -pl docs package)", file,
                SOURCES.resolve(edition).resolve(page + ".adoc")).isRegularFile();
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
