package dev.imlab.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.server.infra.InstanceIdentity;
import dev.imlab.server.support.ExtraRoles;
import dev.imlab.server.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What monitoring sees of a two-process imlab: a gateway process (gateway, push, confirm) serving
 * {@code /metrics} on its port, and a transfer-only process serving it on {@code imlab.metrics.port}.
 * Each has the JVM's meters and its roles; together they export every metric the operations files
 * ({@code im-system/im-ops}) select; and a real Prometheus scrapes both, answers the dashboard's
 * queries, evaluates the alert rules, and raises "a role with no live instance" once the transfer
 * process is gone (last, since it stops that process).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringTest {
    private static final Path OPS = Path.of("..", "im-ops").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String TRANSFER_ID = "monitoring-transfer";

    private static TestServer server;
    private static ExtraRoles transfer;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void startTwoProcesses() throws Exception {
        server = TestServer.start("imlab.roles=gateway,push,confirm");
        transfer = ExtraRoles.start(server, "transfer", TRANSFER_ID, "imlab.metrics.port=0");
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        sendAndAwaitDelivery(5);
    }

    @AfterAll
    static void stop() {
        if (transfer != null) {
            transfer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void sendAndAwaitDelivery(int messages) throws Exception {
        List<Object> inbox = new CopyOnWriteArrayList<>();
        try (ImClient a = server.connect(alice, "phone"); ImClient b = server.client(bob, "phone").build()) {
            b.onMessage(inbox::add);
            b.connect();
            int before = inbox.size();
            for (int i = 0; i < messages; i++) {
                a.send(bob, "m" + i).get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inbox.size() < before + messages) {
                assertThat(System.nanoTime()).as("bob got %d of %d messages", inbox.size() - before, messages)
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static URI transferMetricsBase() {
        return URI.create("http://127.0.0.1:" + transfer.bean(MetricsListener.class).port());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape(URI base) throws Exception {
        HttpResponse<String> response = get(base.resolve("/metrics"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return response.body();
    }

    /** The metric names of the samples in a Prometheus text page. */
    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    private static List<String> opsFileLines(String relative) {
        try {
            return Files.readAllLines(OPS.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("the operations files are in im-system/im-ops: " + e, e);
        }
    }

    @Test
    void transferOnlyProcess_servesItsConsumerLagAndJvmMeters_onTheMetricsPort() throws Exception {
        String metrics = scrape(transferMetricsBase());

        assertThat(metrics).contains("imlab_kafka_consumer_lag{group=\"im-transfer\"}",
                "imlab_kafka_consumer_members{group=\"im-transfer\"}", "imlab_role_info{instance_id=\"" + TRANSFER_ID
                        + "\",role=\"transfer\"} 1", "jvm_memory_used_bytes{", "jvm_threads_live_threads ",
                "process_cpu_usage ", "process_files_open_files ", "process_uptime_seconds ", "imlab_recalls_total ");
        assertThat(metrics).as("no gateway in this process").doesNotContain("imlab_gateway_connections",
                "role=\"gateway\"");
        // The transfer owns im-upstream's partitions: the group it belongs to has a member.
        assertThat(sample(metrics, "imlab_kafka_consumer_members{group=\"im-transfer\"}")).isPositive();
    }

    @Test
    void transferOnlyProcess_answersHealth_onTheMetricsPort() throws Exception {
        HttpResponse<String> health = get(transferMetricsBase().resolve("/api/v1/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(transferMetricsBase().resolve("/chat")).statusCode()).as("only two paths").isEqualTo(404);
    }

    @Test
    void gatewayProcess_servesJvmMetersAndItsRoles_onTheGatewayPort_andNoSecondListener() throws Exception {
        System.gc(); // jvm_gc_pause_seconds has samples once a collection happened (in whatever order the tests run)
        String metrics = scrape(server.baseUri());

        String instanceId = server.bean(InstanceIdentity.class).id();
        for (String role : List.of("confirm", "gateway", "push")) {
            assertThat(metrics).contains("imlab_role_info{instance_id=\"" + instanceId + "\",role=\"" + role + "\"} 1");
        }
        assertThat(metrics).doesNotContain("role=\"transfer\"").contains("jvm_gc_pause_seconds", "jvm_memory_used_bytes",
                "imlab_kafka_consumer_lag{group=\"im-push\"}", "imlab_gateway_connections");
        assertThat(server.bean(MetricsListener.class).port()).as("imlab.metrics.port is off by default").isEqualTo(-1);
    }

    @Test
    void everyMetricTheOpsFilesSelect_isExportedByTheGatewayOrTheTransferProcess() throws Exception {
        System.gc(); // jvm_gc_pause_seconds has samples once a collection happened
        Set<String> exported = new TreeSet<>(names(scrape(server.baseUri())));
        exported.addAll(names(scrape(transferMetricsBase())));
        List<String> used = opsFileLines("prometheus/metrics-used.txt").stream()
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();

        assertThat(used).hasSizeGreaterThan(10);
        assertThat(exported).as("names on /metrics").containsAll(used);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void prometheus_scrapesBothProcesses_answersTheDashboard_andAlertsWhenTheTransferIsGone(@TempDir Path dir)
            throws Exception {
        RealPrometheus.requireInstalled();
        String gatewayTarget = server.baseUri().getAuthority();
        String transferTarget = transferMetricsBase().getAuthority();
        try (RealPrometheus prometheus = RealPrometheus.start(dir, List.of(gatewayTarget, transferTarget),
                OPS.resolve("prometheus/imlab-alerts.yml"))) {
            prometheus.await("both targets up", () -> prometheus.query("sum(up{job=\"imlab\"})"),
                    r -> r.size() == 1 && r.get(0).path("value").get(1).asString().equals("2"));
            prometheus.await("the four roles", () -> prometheus.query("count by (role) (imlab_role_info)"),
                    r -> labels(r, "role").equals(Set.of("gateway", "transfer", "push", "confirm")));

            // A figure: the messages sent now are counted by the gateway, and Prometheus sees its count.
            sendAndAwaitDelivery(5);
            long sends = (long) sample(scrape(server.baseUri()), "imlab_gateway_sends_total");
            assertThat(sends).isEqualTo(10);
            prometheus.await("the gateway's " + sends + " sends", () -> prometheus.query("sum(imlab_gateway_sends_total)"),
                    r -> r.size() == 1 && Double.parseDouble(r.get(0).path("value").get(1).asString()) == sends);
            prometheus.await("the transfer process's own lag figure", () -> prometheus.query(
                    "imlab_kafka_consumer_lag{group=\"im-transfer\", instance=\"" + transferTarget + "\"}"),
                    r -> r.size() == 1);

            // Every query of the dashboard answers with data.
            System.gc();
            for (String query : dashboardQueries()) {
                prometheus.await("data for the dashboard's " + query, () -> prometheus.query(query), r -> !r.isEmpty());
            }

            // Every alert rule evaluates without error, and none says a role is missing.
            JsonNode rules = prometheus.await("every rule evaluated", () -> prometheus.api("/api/v1/rules"),
                    d -> ruleHealths(d).size() == alertNames().size() && ruleHealths(d).stream().allMatch("ok"::equals));
            assertThat(ruleHealths(rules)).hasSizeGreaterThan(5);
            prometheus.await("no alert about a missing role", () -> prometheus.api("/api/v1/alerts"),
                    d -> alerts(d, "ImlabRoleWithoutLiveInstance").isEmpty());

            transfer.close();
            JsonNode alert = prometheus.await("ImlabRoleWithoutLiveInstance for the transfer",
                    () -> prometheus.api("/api/v1/alerts"),
                    d -> alerts(d, "ImlabRoleWithoutLiveInstance").stream()
                            .anyMatch(a -> a.path("labels").path("role").asString().equals("transfer")));
            List<JsonNode> missing = alerts(alert, "ImlabRoleWithoutLiveInstance");
            assertThat(missing).as("only the transfer is missing").hasSize(1);
            assertThat(missing.get(0).path("labels").path("severity").asString()).isEqualTo("critical");
            assertThat(missing.get(0).path("state").asString()).isIn("pending", "firing");
        }
    }

    private static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no " + series + " on /metrics");
    }

    private static Set<String> labels(JsonNode result, String label) {
        Set<String> values = new TreeSet<>();
        result.forEach(sample -> values.add(sample.path("metric").path(label).asString()));
        return values;
    }

    private static List<String> dashboardQueries() {
        JsonNode dashboard = JsonMapper.builder().build().readTree(String.join("\n", opsFileLines("grafana/imlab.json")));
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asString())));
        assertThat(queries).hasSizeGreaterThan(10);
        return queries;
    }

    private static Set<String> alertNames() {
        Set<String> names = new TreeSet<>();
        for (String line : opsFileLines("prometheus/imlab-alerts.yml")) {
            if (line.strip().startsWith("- alert: ")) {
                names.add(line.strip().substring("- alert: ".length()));
            }
        }
        return names;
    }

    private static List<String> ruleHealths(JsonNode data) {
        List<String> healths = new ArrayList<>();
        data.path("groups").forEach(group -> group.path("rules").forEach(rule -> healths.add(
                rule.path("health").asString() + (rule.path("lastError").isMissingNode()
                        || rule.path("lastError").asString().isEmpty() ? "" : ": " + rule.path("lastError").asString()))));
        return healths;
    }

    private static List<JsonNode> alerts(JsonNode data, String name) {
        List<JsonNode> alerts = new ArrayList<>();
        data.path("alerts").forEach(a -> {
            if (a.path("labels").path("alertname").asString().equals(name)) {
                alerts.add(a);
            }
        });
        return alerts;
    }
}
