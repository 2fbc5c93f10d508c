package dev.imlab.gateway.http;

import dev.imlab.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pages and assets from the classpath: the chat page and dashboard from {@code imlab-web/} ({@code /}
 * is {@code index.html}, {@code /dashboard} is {@code dashboard.html}), and the built docs from
 * {@code imlab-docs/} at {@code /docs/} (the docs module's jar, which im-server carries). Read once,
 * then served from memory.
 *
 * <p>A docs folder is served as its {@code index.html} only at its address with a slash at the end
 * ({@code /docs/}, {@code /docs/handbook/en/}); without the slash it is redirected there, because the
 * pages link to each other by relative paths, which a browser resolves against the folder.
 */
public final class StaticPages {
    private static final String ROOT = "imlab-web/";
    private static final String DOCS_PATH = "/docs";
    private static final String DOCS_ROOT = "imlab-docs/";
    private static final String INDEX = "index.html";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json; charset=UTF-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void serve(ChannelHandlerContext ctx, String method, String path, boolean keepAlive) {
        if (path.contains("..")) {
            HttpResponses.error(ctx, keepAlive, ErrorCode.NOT_FOUND, "no such resource: " + path);
            return;
        }
        if (path.equals(DOCS_PATH)) {
            HttpResponses.redirect(ctx, keepAlive, DOCS_PATH + "/");
            return;
        }
        boolean docs = path.startsWith(DOCS_PATH + "/");
        String resource = docs ? docsResource(path) : switch (path) {
            case "/" -> ROOT + "index.html";
            case "/dashboard" -> ROOT + "dashboard.html";
            default -> ROOT + path.substring(1);
        };
        byte[] bytes = load(resource);
        if (bytes == null && docs && isFolder(resource)) {
            HttpResponses.redirect(ctx, keepAlive, path + "/");
            return;
        }
        if (bytes == null) {
            HttpResponses.error(ctx, keepAlive, ErrorCode.NOT_FOUND, "no such resource: " + path);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            HttpResponses.error(ctx, keepAlive, ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed here, use GET");
            return;
        }
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        HttpResponses.write(ctx, keepAlive, 200, TYPES.getOrDefault(extension, "application/octet-stream"), bytes);
    }

    /** {@code /docs/a/b.html} is {@code imlab-docs/a/b.html}; a folder's address ending in / is its index. */
    private static String docsResource(String path) {
        String rest = path.substring(DOCS_PATH.length() + 1);
        return DOCS_ROOT + (rest.isEmpty() || rest.endsWith("/") ? rest + INDEX : rest);
    }

    /** A docs address without the trailing slash of a folder that has an index page. */
    private boolean isFolder(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        return !name.contains(".") && load(resource + "/" + INDEX) != null;
    }

    private byte[] load(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        if (!name.contains(".")) {
            return null; // a folder: the class loader would list it, or answer an empty stream from a jar
        }
        byte[] cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(resource, bytes);
            return bytes;
        } catch (IOException e) {
            return null;
        }
    }
}
