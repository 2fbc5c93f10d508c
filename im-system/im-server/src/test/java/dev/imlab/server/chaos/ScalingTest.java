package dev.imlab.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.LocalCluster;
import dev.imlab.testsupport.check.DeliveryCounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scaling under traffic: transfer and push instances join and leave while messages flow, each change
 * a consumer-group rebalance (partitions revoked, handed over, assigned), and nothing may go wrong:
 * lost, duplicated, gaps and out-of-order all 0. The cluster's figures must show every step (the
 * instances each role has, and that together they always end up owning all 8 partitions), and the
 * changes must have hit messages in flight, or they proved nothing.
 */
class ScalingTest {
    private static final int PAIRS = 4;
    private static final Duration INTERVAL = Duration.ofMillis(40);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** The server's default {@code imlab.kafka.partitions}: no more transfer instances than this can have work. */
    private static final int PARTITIONS = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void transfersAndPushesJoinAndLeave_underTraffic_andNothingIsLostDuplicatedOrReordered() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            cluster.startAll("gw=gateway,confirm", "transfer-0=transfer", "push-0=push");
            URI gateway = cluster.gatewayUri("gw");
            List<long[]> changes = new ArrayList<>();
            try (ChaosTraffic traffic = new ChaosTraffic(gateway, "scale", PAIRS, INTERVAL)) {
                traffic.start();
                Thread.sleep(2_000);
                change(changes, () -> cluster.startAll("transfer-1=transfer", "push-1=push"));
                JsonNode two = awaitShared(gateway, "transfer");
                assertThat(two.path("instances").asInt()).as("transfer: %s", two).isEqualTo(2);
                assertThat(two.path("partitions").asInt()).as("two transfers own the 8 partitions together")
                        .isEqualTo(PARTITIONS);
                assertThat(awaitShared(gateway, "push").path("instances").asInt()).isEqualTo(2);
                change(changes, () -> cluster.stopAll("transfer-0", "push-0"));
                traffic.stopSending();

                int unacked = traffic.awaitAcks(SETTLE);
                boolean settled = traffic.awaitDelivered(SETTLE);
                List<String> unread = traffic.awaitAllRead(SETTLE);
                DeliveryCounts counts = traffic.checker.counts();
                List<Integer> hits = changes.stream().map(c -> traffic.inFlightDuring(c[0], c[1])).toList();
                System.out.printf("scaling sent=%d %s unacked=%d in-flight-at-each-change=%s%n", traffic.sent(), counts,
                        unacked, hits);
                assertThat(unacked).as("sends that never got a send_ack").isZero();
                assertThat(settled).as("every device got every acked message: %s", counts).isTrue();
                assertThat(counts.clean()).as("%s", counts).isTrue();
                assertThat(counts.acked()).isPositive();
                assertThat(hits).as("messages in flight when instances joined, and when they left").allMatch(n -> n > 0);
                assertThat(unread).isEmpty();
            }
            JsonNode transfer = awaitRole(gateway, "transfer", 1);
            JsonNode push = awaitRole(gateway, "push", 1);
            assertThat(transfer.path("partitions").asInt()).as("the last transfer owns every partition").isEqualTo(PARTITIONS);
            assertThat(push.path("partitions").asInt()).as("the last push owns every partition").isEqualTo(PARTITIONS);
        }
    }

    /**
     * Makes the change (a join returns once the new instance owns partitions) and records when it began and
     * ended: the partitions move at some moment in between (a join's at its end, seconds after the JVM was
     * launched), so the messages that went through it are those in flight at some moment of it. Then lets
     * traffic run on.
     */
    private static void change(List<long[]> changes, Runnable change) {
        long start = System.nanoTime();
        change.run();
        changes.add(new long[] {start, System.nanoTime()});
        sleep(1_500);
    }

    /** The role's cluster figures once it has {@code instances} live instances owning every partition (or after 15 s). */
    private static JsonNode awaitRole(URI gateway, String role, int instances) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode figures = roleFigures(gateway, role);
        while (!(figures.path("instances").asInt() == instances && figures.path("partitions").asInt() == PARTITIONS)
                && System.nanoTime() < deadline) {
            sleep(200);
            figures = roleFigures(gateway, role);
        }
        return figures;
    }

    /** The role's figures once two instances own the partitions together (or after 15 s). */
    private static JsonNode awaitShared(URI gateway, String role) {
        return awaitRole(gateway, role, 2);
    }

    private static JsonNode roleFigures(URI gateway, String role) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve("/api/v1/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return JSON.readTree(body).path("cluster").path("roles").path(role);
        } catch (Exception e) {
            throw new AssertionError("cannot read the stats of " + gateway, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
