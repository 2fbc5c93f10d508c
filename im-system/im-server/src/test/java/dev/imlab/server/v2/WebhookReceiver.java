package dev.imlab.server.v2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The push provider's side of PROTOCOL.md's offline notifications: a JDK {@link HttpServer} that
 * records every request (raw body, headers, arrival time) and answers as the test tells it to.
 * It can go down and come back on the same port, to refuse connections in between.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String PATH = "/hook";

    /** One POST as it arrived. */
    record Request(long nanos, String method, String contentType, String signature, byte[] rawBody, JsonNode body) {
        List<JsonNode> notifications() {
            List<JsonNode> list = new ArrayList<>();
            body.path("notifications").forEach(list::add);
            return list;
        }

        boolean mentions(Predicate<JsonNode> notification) {
            return notifications().stream().anyMatch(notification);
        }
    }

    /** What to do with a request: answer a status, possibly after holding it. */
    record Reply(int status, long holdMillis) {
        static Reply ok() {
            return new Reply(200, 0);
        }

        static Reply status(int status) {
            return new Reply(status, 0);
        }

        static Reply hang(long millis) {
            return new Reply(200, millis);
        }
    }

    private final int port;
    private final List<Request> requests = new ArrayList<>(); // guarded by this
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private volatile Function<Request, Reply> behaviour = r -> Reply.ok();
    private volatile boolean released;
    private HttpServer http;

    WebhookReceiver() {
        this.http = bind(0);
        this.port = http.getAddress().getPort();
    }

    private HttpServer bind(int onPort) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            server.createContext(PATH, this::handle);
            server.setExecutor(executor);
            server.start();
            return server;
        } catch (IOException e) {
            throw new AssertionError("cannot bind the webhook receiver on port " + onPort, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** How the following requests are answered; {@link Reply#ok()} unless told otherwise. */
    void answer(Function<Request, Reply> behaviour) {
        this.released = false;
        this.behaviour = behaviour;
    }

    /** Ends every hold at once (answering 200) and answers 200 from now on. */
    void reset() {
        behaviour = r -> Reply.ok();
        released = true;
        synchronized (this) {
            notifyAll();
        }
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    synchronized void down() {
        http.stop(0);
    }

    /** Listens again, on the same port. */
    synchronized void up() {
        http = bind(port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        JsonNode body;
        try {
            body = WireClient.JSON.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            body = WireClient.JSON.createObjectNode().put("unparseable", new String(raw, StandardCharsets.UTF_8));
        }
        Request request = new Request(System.nanoTime(), exchange.getRequestMethod(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("X-Imlab-Signature"), raw, body);
        synchronized (this) {
            requests.add(request);
            notifyAll();
        }
        Reply reply = behaviour.apply(request);
        if (reply.holdMillis() > 0) {
            hold(reply.holdMillis());
        }
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // The server gave up waiting (its timeout): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private synchronized void hold(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!released) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests holding at least one notification that matches, in arrival order. */
    synchronized List<Request> requestsWith(Predicate<JsonNode> notification) {
        return requests.stream().filter(r -> r.mentions(notification)).toList();
    }

    /** Every notification received that matches, in arrival order (repeats included). */
    synchronized List<JsonNode> notifications(Predicate<JsonNode> notification) {
        return requests.stream().flatMap(r -> r.notifications().stream()).filter(notification).toList();
    }

    /** Waits until at least {@code count} requests hold a matching notification; returns those requests. */
    List<Request> awaitRequests(Predicate<JsonNode> notification, int count, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (true) {
                List<Request> matching = requestsWith(notification);
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeoutMillis + " ms for " + count
                            + " webhook request(s) with a matching notification; got " + matching.size()
                            + "; all requests: " + requests.stream().map(r -> r.body().toString()).toList());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Waits until the distinct ids of matching notifications number at least {@code count}. */
    List<JsonNode> awaitDistinct(Predicate<JsonNode> notification, int count, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (true) {
                List<JsonNode> distinct = distinctById(notifications(notification));
                if (distinct.size() >= count) {
                    return distinct;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeoutMillis + " ms for " + count
                            + " distinct notifications; got " + distinct.size() + ": " + distinct);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    static List<JsonNode> distinctById(List<JsonNode> notifications) {
        java.util.Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        notifications.forEach(n -> byId.putIfAbsent(n.path("id").asString(), n));
        return List.copyOf(byId.values());
    }

    @Override
    public void close() {
        reset();
        synchronized (this) {
            http.stop(0);
        }
        executor.shutdownNow();
    }
}
