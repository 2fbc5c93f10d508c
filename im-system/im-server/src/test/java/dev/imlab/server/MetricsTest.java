package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.server.roles.ImlabRoles;
import dev.imlab.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The figures behind the dashboard: per-hop latency from each push's trace, and the Prometheus endpoint. */
class MetricsTest {
    private final TestServer server = TestServer.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void deliveredMessages_showUpInEveryHop_andOnTheMetricsEndpoint() throws Exception {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        var bobInbox = new CopyOnWriteArrayList<>();
        try (ImClient a = server.connect(alice, "phone"); ImClient b = server.client(bob, "phone").build()) {
            b.onMessage(bobInbox::add);
            b.connect();
            for (int i = 0; i < 5; i++) {
                a.send(bob, "m" + i).get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (bobInbox.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        JsonNode stats = JsonMapper.builder().build().readTree(get("/api/v1/stats"));
        for (String hop : new String[] {"gateway>transfer", "transfer>stored", "stored>push", "push>gateway", "end-to-end"}) {
            assertThat(stats.path("hops").path(hop).path("count").asLong()).as(hop).isGreaterThanOrEqualTo(5);
        }
        assertThat(stats.path("hops").path("end-to-end").path("p99Ms").asDouble()).isPositive();
        assertThat(stats.has("unackedPushes")).isTrue();
        String gatewayId = server.bean(ImlabRoles.class).gateway().gatewayId();
        assertThat(stats.path("gateways").has(gatewayId)).as("this gateway, from its heartbeat: %s", stats.path("gateways"))
                .isTrue();

        String metrics = get("/metrics");
        assertThat(metrics).contains("imlab_hop_latency_seconds", "hop=\"end-to-end\"", "imlab_gateway_connections",
                "imlab_kafka_consumer_lag");
    }
}
