package dev.imlab.server.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET} a gateway's JSON answers ({@code /api/v1/stats}, {@code /api/v1/dispatch}), and waits on them. */
final class Stats {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Stats() {
    }

    /** Status and body of {@code GET path}. */
    record Answer(int status, JsonNode body) {
    }

    static Answer get(URI gateway, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new AssertionError("GET " + gateway.resolve(path) + " failed: " + e, e);
        }
    }

    /** The {@code cluster} section of the gateway's stats. */
    static JsonNode cluster(URI gateway) {
        return get(gateway, "/api/v1/stats").body().path("cluster");
    }

    /** The gateway's report in a cluster section, by gateway id; a missing node when it has none. */
    static JsonNode gateway(JsonNode cluster, String gatewayId) {
        for (JsonNode g : cluster.path("gateways")) {
            if (gatewayId.equals(g.path("gatewayId").asString())) {
                return g;
            }
        }
        return cluster.path("no-such-gateway");
    }

    /**
     * Polls {@code read} until {@code until} holds (the reports refresh every second), for at most
     * {@code timeout}; returns the last value read, which the caller asserts on for a readable failure.
     */
    static <T> T await(java.util.function.Supplier<T> read, Predicate<T> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!until.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }
}
