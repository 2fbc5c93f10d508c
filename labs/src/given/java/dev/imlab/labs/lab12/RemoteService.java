package dev.imlab.labs.lab12;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service on the network that the server calls: another team's, a few milliseconds away. It
 * answers {@code POST /next?name=X&count=N} with the first of N numbers it reserves for X (an id
 * service) and {@code POST /record} with 204 (an audit log), each after {@code delayMs}, which is
 * what a round trip to a real one costs. It runs in the incident's process on the loopback, so a
 * call to it is a real HTTP call over a real socket, seen as such by jstack and JFR.
 */
final class RemoteService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final URI base;

    RemoteService(long delayMs) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "remote-service-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                Thread.sleep(delayMs);
                String query = exchange.getRequestURI().getQuery();
                if (exchange.getRequestURI().getPath().equals("/next") && query != null) {
                    Map<String, String> q = new java.util.HashMap<>();
                    for (String kv : query.split("&")) {
                        int eq = kv.indexOf('=');
                        q.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    long count = Long.parseLong(q.get("count"));
                    long first = counters.computeIfAbsent(q.get("name"), k -> new AtomicLong()).getAndAdd(count) + 1;
                    byte[] body = Long.toString(first).getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } else {
                    exchange.sendResponseHeaders(204, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Reserves {@code count} numbers for {@code name}; returns the first. Blocks for a round trip. */
    long next(String name, int count) {
        return Long.parseLong(call("/next?name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&count=" + count, new byte[0]).trim());
    }

    /** Records {@code bytes} in the audit log. Blocks for a round trip. */
    void record(int bytes) {
        call("/record", ("{\"bytes\":" + bytes + "}").getBytes(StandardCharsets.US_ASCII));
    }

    private String call(String pathAndQuery, byte[] body) {
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve(pathAndQuery).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setConnectTimeout(2_000);
            c.setReadTimeout(10_000);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the remote service did not answer " + pathAndQuery, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
