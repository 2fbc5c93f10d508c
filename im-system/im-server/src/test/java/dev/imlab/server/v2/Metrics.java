package dev.imlab.server.v2;

import dev.imlab.server.support.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongPredicate;

/**
 * The counters of {@code GET /metrics} (Prometheus text) as a monitoring system reads them: by
 * name, summed over their labels. Counters only grow and a class's server is shared by its
 * tests, so tests compare a counter with the value it had before their action.
 */
public final class Metrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final TestServer server;

    public Metrics(TestServer server) {
        this.server = server;
    }

    /** The Prometheus text of {@code GET /metrics}. */
    String scrape() {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/metrics")).timeout(Duration.ofSeconds(10))
                .GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("GET /metrics failed: " + e, e);
        }
    }

    /** The sum of every sample of {@code name} (e.g. {@code imlab_recalls_total}); fails if there is none. */
    public long value(String name) {
        return value(scrape(), name);
    }

    static long value(String text, String name) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no " + name + " on /metrics");
        }
        return Math.round(sum);
    }

    /** Scrapes until {@code name} satisfies {@code wanted} (bounded by {@code wait}); returns its value. */
    long await(String name, LongPredicate wanted, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        long last = value(name);
        while (!wanted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " never showed " + what + " within " + wait.toMillis() + " ms; last: " + last);
            }
            WireClient.pause(50);
            last = value(name);
        }
        return last;
    }

    /** Waits (up to 15 s) until the counter reached {@code atLeast}; returns its value. */
    long awaitAtLeast(String name, long atLeast) {
        return await(name, v -> v >= atLeast, WireClient.WAIT, "at least " + atLeast);
    }
}
