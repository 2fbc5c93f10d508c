package dev.imlab.gateway.http;

import dev.imlab.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pages and assets from the classpath folder {@code imlab-web/}: {@code /} is {@code index.html},
 * {@code /dashboard} is {@code dashboard.html}. Read once, then served from memory.
 */
public final class StaticPages {
    private static final String ROOT = "imlab-web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json; charset=UTF-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void serve(ChannelHandlerContext ctx, String method, String path, boolean keepAlive) {
        String file = switch (path) {
            case "/" -> "index.html";
            case "/dashboard" -> "dashboard.html";
            default -> path.substring(1);
        };
        byte[] bytes = file.contains("..") || file.isEmpty() ? null : load(file);
        if (bytes == null) {
            HttpResponses.error(ctx, keepAlive, ErrorCode.NOT_FOUND, "no such resource: " + path);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            HttpResponses.error(ctx, keepAlive, ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed here, use GET");
            return;
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        HttpResponses.write(ctx, keepAlive, 200, TYPES.getOrDefault(extension, "application/octet-stream"), bytes);
    }

    private byte[] load(String file) {
        byte[] cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(file, bytes);
            return bytes;
        } catch (IOException e) {
            return null;
        }
    }
}
