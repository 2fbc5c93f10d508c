package dev.imlab.bench.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/stats} of a gateway: counters, and per-hop latency where the server has them. */
public final class ServerStats {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerStats() {
    }

    /** The stats JSON, or null if the gateway did not answer. */
    public static JsonNode read(URI base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/stats"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The {@code hops} object, or null when this server does not report hops. */
    public static JsonNode hops(JsonNode stats) {
        if (stats == null) {
            return null;
        }
        JsonNode hops = stats.get("hops");
        return hops == null || hops.isNull() || hops.isEmpty() ? null : hops;
    }
}
