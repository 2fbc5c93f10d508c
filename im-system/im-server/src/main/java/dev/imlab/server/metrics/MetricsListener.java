package dev.imlab.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP listener for a process that has no gateway port: {@code GET /metrics} (Prometheus
 * text) and {@code GET /api/v1/health} (200 once the roles run and own their partitions, else 503),
 * the same two paths and answers a gateway serves, so one scrape and probe configuration fits every
 * role.
 *
 * @implNote The JDK's {@code com.sun.net.httpserver} rather than a second Netty server or Spring's web
 * stack: two GET paths, one scrape every few seconds, no dependency to add.
 */
public final class MetricsListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsListener.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A listener on {@code settings}' port, or one that serves nothing when the port is -1. */
    public static MetricsListener start(MetricsProperties settings, Supplier<String> scrape, BooleanSupplier ready) {
        if (!settings.enabled()) {
            return new MetricsListener(null, null);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for /metrics on " + settings.host() + ":" + settings.port()
                    + " (imlab.metrics.port)", e);
        }
        server.createContext("/metrics", exchange -> answer(exchange, 200, PROMETHEUS_TEXT, scrape.get()));
        server.createContext("/api/v1/health", exchange -> {
            boolean up = ready.getAsBoolean();
            answer(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"STARTING\"}");
        });
        // One thread: a scrape and a probe every few seconds; the registry's scrape is thread-safe anyway.
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-listener");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        log.info("metrics at http://{}:{}/metrics, health at /api/v1/health", settings.host(),
                server.getAddress().getPort());
        return new MetricsListener(server, executor);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The port it listens on, or -1 when {@code imlab.metrics.port} is -1. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
