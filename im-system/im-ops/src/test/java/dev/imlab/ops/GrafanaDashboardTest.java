package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard ({@code grafana/imlab.json}): every panel queries metrics imlab exports,
 * promtool parses every query, and the figures issue 16 names are all on it.
 */
class GrafanaDashboardTest {

    /** Panel title to its queries, rows left out. */
    static Map<String, List<String>> queries() {
        JsonNode dashboard = JsonMapper.builder().build().readTree(OpsFiles.read(OpsFiles.DASHBOARD));
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            List<String> expressions = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
            queries.put(panel.path("title").asString(), expressions);
        }
        return queries;
    }

    @Test
    void everyPanel_queriesPrometheus_withAnExpression() {
        assertThat(queries()).isNotEmpty();
        queries().forEach((title, expressions) -> assertThat(expressions).as(title).isNotEmpty()
                .allSatisfy(e -> assertThat(e).as(title).isNotBlank()));
    }

    @Test
    void everyPanel_selectsOnlyMetricsImlabExports() {
        queries().forEach((title, expressions) -> {
            for (String expression : expressions) {
                assertThat(PromQlNames.of(expression)).as("%s: %s, names all in %s", title, expression,
                        OpsFiles.METRICS_USED).isNotEmpty().isSubsetOf(OpsFiles.metricsUsed());
            }
        });
    }

    /** promtool has no offline "parse this query"; a recording rule per query, checked as a rules file, is one. */
    @Test
    void everyQuery_parsesInPromtool(@TempDir Path dir) throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (List<String> expressions : queries().values()) {
            for (String expression : expressions) {
                rules.append("      - record: imlab:dashboard:").append(++n).append('\n')
                        .append("        expr: '").append(expression.replace("'", "''")).append("'\n");
            }
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
        Promtool.Result result = Promtool.run(dir, "check", "rules", file.toString());
        assertThat(result.ok()).as(result.output() + "\n" + rules).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void theDashboard_showsRatesLatencyLagConnectionsPendingPushesSheddingAndTheJvm() {
        Set<String> used = new TreeSet<>();
        queries().values().forEach(expressions -> expressions.forEach(e -> used.addAll(PromQlNames.of(e))));
        assertThat(used).contains("imlab_gateway_sends_total", "imlab_gateway_pushes_total", "imlab_hop_latency_seconds",
                "imlab_kafka_consumer_lag", "imlab_gateway_connections", "imlab_gateway_unacked_pushes",
                "imlab_gateway_shedding", "imlab_role_info", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum",
                "process_cpu_usage");
    }

    /** The list is what the files use, no more: a name the live check passes but no file uses proves nothing. */
    @Test
    void metricsUsed_listsExactlyTheNamesTheRulesAndTheDashboardSelect() {
        Set<String> used = new TreeSet<>();
        queries().values().forEach(expressions -> expressions.forEach(e -> used.addAll(PromQlNames.of(e))));
        AlertRulesTest.rules().forEach(rule -> used.addAll(PromQlNames.of((String) rule.get("expr"))));
        used.removeAll(OpsFiles.MADE_BY_PROMETHEUS);
        assertThat(new TreeSet<>(OpsFiles.metricsUsed())).isEqualTo(used);
    }
}
