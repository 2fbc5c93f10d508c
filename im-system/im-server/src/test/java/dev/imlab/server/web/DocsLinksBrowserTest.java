package dev.imlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The docs as the server serves them at {@code /docs/}: both editions of the handbook open in a real
 * Chromium with every picture drawn (the PlantUML diagrams included), and no link anywhere in the
 * docs is broken: every page and image a docs page points to is served, and every {@code #anchor} is
 * an id on the page it names. The pages reachable from the two handbook indexes (which is the whole
 * docs site) are crawled over HTTP; the handbook's pages are also opened in the browser. The chat
 * page's and the dashboard's links into the docs are checked the same way.
 */
class DocsLinksBrowserTest {
    private static final List<String> EDITIONS = List.of("/docs/handbook/en/index.html", "/docs/handbook/zh/index.html");
    private static final Pattern LINK = Pattern.compile("\\s(?:href|src)=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\\s(?:id|name)=\"([^\"]+)\"");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|amp|lt|gt|quot);");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static TestServer server;
    private final Chromium chromium = new Chromium();
    /** Each address fetched once: status, and for HTML the ids and links it holds. */
    private final Map<URI, Fetched> fetched = new HashMap<>();

    private record Fetched(int status, Set<String> ids, List<String> links) {
    }

    @BeforeAll
    static void requireBrowser() {
        Chromium.requireInstalled();
        server = TestServer.shared();
    }

    @AfterEach
    void closeBrowsers() {
        chromium.close();
    }

    @Test
    void bothEditions_openInTheBrowser_andNoLinkInTheDocsIsBroken() {
        Set<String> broken = new LinkedHashSet<>();
        Set<URI> pages = crawl(EDITIONS.stream().map(this::at).toList(), broken);
        assertThat(pages).as("pages reached from the handbook's two indexes")
                .contains(at("/docs/index.html"), at("/docs/protocol.html"), at(EDITIONS.get(0)), at(EDITIONS.get(1)));

        WebDriver browser = chromium.open(at(EDITIONS.get(0)).toString());
        for (URI page : pages) {
            if (!page.getPath().startsWith("/docs/handbook/")) {
                continue;
            }
            browser.get(page.toString());
            JavascriptExecutor js = (JavascriptExecutor) browser;
            Object title = js.executeScript("return document.querySelector('h1') && document.querySelector('h1').textContent");
            if (title == null || title.toString().isBlank()) {
                broken.add(page + ": no title (h1) in the browser");
            }
            @SuppressWarnings("unchecked")
            List<String> unshown = (List<String>) js.executeScript("return Array.from(document.images)"
                    + ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'))");
            unshown.forEach(src -> broken.add(page + ": the browser could not show the image " + src));
            @SuppressWarnings("unchecked")
            List<String> hrefs = (List<String>) js.executeScript(
                    "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)");
            hrefs.stream().map(URI::create).filter(this::isOurs).forEach(link -> check(page, link, broken));
        }
        assertThat(broken).as("broken links, images and anchors in the docs served at /docs/").isEmpty();
    }

    @Test
    void theChatPageAndTheDashboard_linkToDocsPagesAndAnchorsThatExist() {
        Set<String> broken = new LinkedHashSet<>();
        List<URI> linked = new ArrayList<>();
        for (String page : List.of("/", "/dashboard")) {
            Fetched answer = fetch(at(page));
            assertThat(answer.status()).as("GET %s", page).isEqualTo(200);
            answer.links().stream().filter(link -> link.startsWith("/docs")).map(this::at).forEach(link -> {
                linked.add(link);
                check(at(page), link, broken);
            });
        }
        assertThat(linked).as("the chat page's and the dashboard's links into the docs").contains(
                at("/docs/"), at("/docs/handbook/en/index.html"), at("/docs/handbook/zh/index.html"),
                at("/docs/protocol.html#websocket"), at("/docs/handbook/en/classics.html#q-high-latency"));
        assertThat(broken).as("broken links from the chat page and the dashboard into the docs").isEmpty();
    }

    @Test
    void aDocsFolder_isRedirectedToItsAddressWithASlash_andServedAsItsIndex() throws Exception {
        HttpClient noRedirects = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String[] folder : new String[][] {{"/docs", "/docs/"}, {"/docs/handbook/en", "/docs/handbook/en/"}}) {
            HttpResponse<Void> answer = noRedirects.send(HttpRequest.newBuilder(at(folder[0])).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).as("GET %s", folder[0]).isEqualTo(301);
            assertThat(answer.headers().firstValue("Location")).as("GET %s", folder[0]).contains(folder[1]);
        }
        assertThat(body("/docs/")).as("/docs/ is the docs' start page").contains("<title>imlab: a guide for readers");
        assertThat(body("/docs/handbook/zh/")).as("/docs/handbook/zh/ is the Chinese index").contains("<html lang=\"zh-CN\"");
        assertThat(rawStatusLine("/docs/../imlab-web/index.html")).as("a path that climbs out of the docs")
                .contains(" 404 ");
        assertThat(fetch(at("/docs/no-such-page.html")).status()).isEqualTo(404);
    }

    /**
     * Every page reachable from {@code start} inside {@code /docs/}, with each of its links checked;
     * problems go to {@code broken}.
     */
    private Set<URI> crawl(List<URI> start, Set<String> broken) {
        Set<URI> seen = new LinkedHashSet<>(start);
        Deque<URI> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            URI page = queue.poll();
            Fetched fetched = fetch(page);
            if (fetched.status() != 200) {
                broken.add(page + ": HTTP " + fetched.status());
                continue;
            }
            for (String raw : fetched.links()) {
                URI link;
                try {
                    link = resolve(page, raw);
                } catch (IllegalArgumentException e) {
                    broken.add(page.getPath() + ": a link no browser can follow: " + raw);
                    continue;
                }
                if (link == null || !isOurs(link)) {
                    continue;
                }
                check(page, link, broken);
                URI target = withoutFragment(link);
                if (target.getPath().startsWith("/docs/") && target.getPath().endsWith(".html")
                        && fetch(target).status() == 200 && seen.add(target)) {
                    queue.add(target);
                }
            }
        }
        return seen;
    }

    /** The link's target is served (HTTP 200), and its #anchor, if it has one, is an id there. */
    private void check(URI from, URI link, Set<String> broken) {
        Fetched target = fetch(withoutFragment(link));
        if (target.status() != 200) {
            broken.add(from.getPath() + " -> " + link + ": HTTP " + target.status());
        } else if (link.getFragment() != null && !link.getFragment().isEmpty()
                && !target.ids().contains(link.getFragment())) {
            broken.add(from.getPath() + " -> " + link + ": no id \"" + link.getFragment() + "\" on that page");
        }
    }

    private Fetched fetch(URI uri) {
        return fetched.computeIfAbsent(uri, u -> {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                boolean html = answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
                if (answer.statusCode() != 200 || !html) {
                    return new Fetched(answer.statusCode(), Set.of(), List.of());
                }
                return new Fetched(200, matches(ID, answer.body(), new HashSet<>()),
                        matches(LINK, answer.body(), new ArrayList<>()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static <C extends java.util.Collection<String>> C matches(Pattern pattern, String html, C into) {
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            into.add(unescape(m.group(1)));
        }
        return into;
    }

    /** The few character references Asciidoctor writes into ids and addresses. */
    private static String unescape(String text) {
        return ENTITY.matcher(text).replaceAll(m -> {
            String name = m.group(1);
            String character = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                default -> Character.toString(name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1)));
            };
            return Matcher.quoteReplacement(character);
        });
    }

    /** {@code raw} (an attribute value) against {@code page}; null for what a browser would not fetch. */
    private static URI resolve(URI page, String raw) {
        if (raw.isEmpty() || raw.startsWith("data:") || raw.startsWith("mailto:") || raw.startsWith("javascript:")) {
            return null;
        }
        // Asciidoctor writes non-ASCII anchors (the Chinese headings' ids) as they are; a browser encodes them.
        return page.resolve(URI.create(encodeNonAscii(raw)));
    }

    private static String encodeNonAscii(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            if (b < 0 || " \"<>\\^`{|}".indexOf(b) >= 0) {
                out.append('%').append(String.format("%02X", b & 0xff));
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    /** On this server: the other links (the public sources the answers cite) cannot be reached from a test. */
    private boolean isOurs(URI link) {
        return server.baseUri().getAuthority().equals(link.getAuthority());
    }

    private static URI withoutFragment(URI link) {
        return URI.create(link.getScheme() + "://" + link.getRawAuthority() + link.getRawPath()
                + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery()));
    }

    private URI at(String path) {
        return server.baseUri().resolve(path);
    }

    private String body(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(at(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The status line for a path sent exactly as written (an HTTP client would remove the "..", a browser too). */
    private String rawStatusLine(String path) throws IOException {
        try (Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.baseUri().getAuthority()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
