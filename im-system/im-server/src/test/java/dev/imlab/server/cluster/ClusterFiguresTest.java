package dev.imlab.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.server.support.LocalCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole cluster on every gateway's stats and dispatch: two gateways and a transfer in processes of
 * their own (gw-a also runs push and confirm), each gateway showing the other's connections and rates,
 * every role's live instances and partitions, and handing new clients to the one with fewer connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFiguresTest {
    private static final String PASSWORD = "s3cret-pass";
    /** Reports refresh every second and expire after three: anything here shows within a few. */
    private static final Duration SOON = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static LocalCluster cluster;
    private static URI a;
    private static URI b;
    private static final List<ImClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = new LocalCluster(dir);
        cluster.start("gw-a", "gateway,push,confirm");
        cluster.start("gw-b", "gateway");
        cluster.start("transfer-1", "transfer");
        a = cluster.gatewayUri("gw-a");
        b = cluster.gatewayUri("gw-b");
    }

    @AfterAll
    static void stopCluster() {
        clients.forEach(ImClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ImClient connect(URI gateway, String user) {
        new ImHttpApi(gateway).register(user, PASSWORD);
        ImClient client = ImClient.builder().baseUri(gateway).userId(user).password(PASSWORD).deviceId("phone").build();
        client.connect();
        clients.add(client);
        return client;
    }

    @Test
    @Order(1)
    void eachGateway_showsEveryGatewaysConnectionsAndRates_andEveryRolesInstances() throws Exception {
        ImClient alice = connect(b, "alice");
        connect(b, "bob");
        connect(a, "carol");
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try {
            // alice on gw-b writes to carol on gw-a: sends counted by gw-b, pushes by gw-a.
            sender.scheduleAtFixedRate(() -> alice.send("carol", "hi"), 0, 50, TimeUnit.MILLISECONDS);
            for (URI seenFrom : List.of(a, b)) {
                JsonNode figures = Stats.await(() -> Stats.cluster(seenFrom),
                        c -> Stats.gateway(c, "gw-b").path("sendsPerSecond").asDouble() > 0
                                && Stats.gateway(c, "gw-a").path("pushesPerSecond").asDouble() > 0
                                && c.path("connections").asLong() == 3
                                && c.path("roles").path("transfer").path("lag").isNumber(), SOON);
                assertThat(Stats.gateway(figures, "gw-a").path("connections").asLong()).as("gw-a from %s", seenFrom).isEqualTo(1);
                assertThat(Stats.gateway(figures, "gw-b").path("connections").asLong()).as("gw-b from %s", seenFrom).isEqualTo(2);
                assertThat(Stats.gateway(figures, "gw-b").path("sendsPerSecond").asDouble()).isPositive();
                assertThat(Stats.gateway(figures, "gw-a").path("pushesPerSecond").asDouble()).isPositive();
                assertThat(Stats.gateway(figures, "gw-b").path("publicUrl").asString()).isEqualTo(b.toString());
                assertThat(figures.path("sendsPerSecond").asDouble()).isPositive();
                JsonNode roles = figures.path("roles");
                assertThat(roles.path("gateway").path("instances").asInt()).isEqualTo(2);
                assertThat(roles.path("gateway").path("ready").asInt()).isEqualTo(2);
                assertThat(roles.path("transfer").path("instances").asInt()).isEqualTo(1);
                assertThat(roles.path("push").path("instances").asInt()).isEqualTo(1);
                assertThat(roles.path("confirm").path("instances").asInt()).isEqualTo(1);
                assertThat(roles.path("infra").path("instances").asInt()).as("infra runs in the test JVM here").isZero();
                assertThat(roles.path("transfer").path("partitions").asInt()).as("the transfer owns every partition")
                        .isEqualTo(8);
                assertThat(roles.path("transfer").path("lag").isNumber()).as("the transfer group's lag: %s", roles).isTrue();
                assertThat(figures.path("instances")).hasSize(3);
            }
        } finally {
            sender.shutdownNow();
        }
        // The single-gateway fields the page and older tests read are still this gateway's own.
        assertThat(Stats.get(b, "/api/v1/stats").body().path("connections").asInt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void dispatch_handsOutTheGatewayWithFewerConnections() {
        // gw-a holds 1 connection, gw-b 2: with two gateways, both are the "two choices", so the answer is sure.
        for (URI askedAt : List.of(a, b)) {
            Stats.Answer answer = Stats.get(askedAt, "/api/v1/dispatch");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("gatewayId").asString()).isEqualTo("gw-a");
            assertThat(answer.body().path("http").asString()).isEqualTo(a.toString());
            assertThat(answer.body().path("ws").asString()).isEqualTo("ws://" + a.getAuthority() + "/ws");
        }
        connect(a, "dave");
        connect(a, "erin");
        connect(a, "frank"); // gw-a 4, gw-b 2
        Stats.Answer answer = Stats.await(() -> Stats.get(a, "/api/v1/dispatch"),
                r -> r.body().path("gatewayId").asString().equals("gw-b"), SOON);
        assertThat(answer.body().path("gatewayId").asString()).isEqualTo("gw-b");
        assertThat(answer.body().path("connections").asLong()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void aSecondTransfer_sharesThePartitions_andAStoppedOneLeavesTheFigures() {
        cluster.start("transfer-2", "transfer");
        JsonNode figures = Stats.await(() -> Stats.cluster(a),
                c -> c.path("roles").path("transfer").path("instances").asInt() == 2
                        && c.path("roles").path("transfer").path("partitions").asInt() == 8
                        && transferShares(c).stream().allMatch(n -> n > 0), SOON);
        assertThat(figures.path("roles").path("transfer").path("instances").asInt()).isEqualTo(2);
        assertThat(figures.path("roles").path("transfer").path("partitions").asInt()).isEqualTo(8);
        assertThat(transferShares(figures)).as("each transfer owns a share after the rebalance").hasSize(2)
                .allSatisfy(n -> assertThat(n).isBetween(1, 7));
        JsonNode transfer;
        cluster.stop("transfer-1");
        transfer = Stats.await(() -> Stats.cluster(b).path("roles").path("transfer"),
                t -> t.path("instances").asInt() == 1 && t.path("partitions").asInt() == 8, SOON);
        assertThat(transfer.path("instances").asInt()).as("the stopped transfer is gone from the figures").isEqualTo(1);
        assertThat(transfer.path("partitions").asInt()).as("the one left took every partition").isEqualTo(8);
    }

    /** The partitions each live transfer process owns, from its report. */
    private static List<Integer> transferShares(JsonNode cluster) {
        List<Integer> shares = new ArrayList<>();
        for (JsonNode instance : cluster.path("instances")) {
            if (instance.path("partitions").has("transfer")) {
                shares.add(instance.path("partitions").path("transfer").asInt());
            }
        }
        return shares;
    }
}
