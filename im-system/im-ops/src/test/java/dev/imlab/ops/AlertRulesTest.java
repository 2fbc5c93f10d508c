package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules ({@code prometheus/imlab-alerts.yml}): promtool accepts them, their unit tests
 * pass, every alert is tested firing and not firing, and each says how bad it is and where to look.
 */
class AlertRulesTest {
    private static final Set<String> SEVERITIES = Set.of("warning", "critical");
    private static final Pattern ANCHOR = Pattern.compile("\\[#([a-z0-9-]+)]");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        Map<String, Object> file = new Yaml().load(OpsFiles.read(OpsFiles.ALERT_RULES));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    @Test
    void rules_passPromtoolCheck() {
        Promtool.Result result = Promtool.run(OpsFiles.PROMETHEUS, "check", "rules", OpsFiles.ALERT_RULES.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + rules().size() + " rules found");
    }

    @Test
    void rules_passTheirPromtoolUnitTests() {
        Promtool.Result result = Promtool.run(OpsFiles.PROMETHEUS, "test", "rules", OpsFiles.ALERT_TESTS.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlert_isTestedFiring_andNotFiring() {
        Map<String, Object> file = new Yaml().load(OpsFiles.read(OpsFiles.ALERT_TESTS));
        assertThat((List<String>) file.get("rule_files")).containsExactly(OpsFiles.ALERT_RULES.getFileName().toString());
        Map<String, int[]> cases = new LinkedHashMap<>(); // alert -> {silent, firing}
        for (Map<String, Object> test : (List<Map<String, Object>>) file.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                int[] counts = cases.computeIfAbsent((String) check.get("alertname"), a -> new int[2]);
                List<?> expected = (List<?>) check.get("exp_alerts");
                counts[expected == null || expected.isEmpty() ? 0 : 1]++;
            }
        }
        for (Map<String, Object> rule : rules()) {
            String alert = (String) rule.get("alert");
            int[] counts = cases.getOrDefault(alert, new int[2]);
            assertThat(counts[0]).as("%s: evaluations where it must stay silent", alert).isPositive();
            assertThat(counts[1]).as("%s: evaluations where it must fire", alert).isPositive();
        }
        assertThat(cases.keySet()).as("alerts tested that the rules do not have")
                .isSubsetOf(rules().stream().map(r -> (String) r.get("alert")).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlert_waitsBeforeFiring_saysItsSeverity_andLinksItsTroubleshootingSection() {
        Set<String> anchors = new TreeSet<>();
        Matcher m = ANCHOR.matcher(OpsFiles.read(OpsFiles.TROUBLESHOOTING));
        while (m.find()) {
            anchors.add(m.group(1));
        }
        assertThat(rules()).isNotEmpty();
        for (Map<String, Object> rule : rules()) {
            String alert = (String) rule.get("alert");
            assertThat(alert).as("a recording rule in the alerts file: %s", rule).isNotNull();
            assertThat((String) rule.get("for")).as("%s: for", alert).matches("[1-9][0-9]*[smh]");
            Map<String, String> labels = (Map<String, String>) rule.get("labels");
            assertThat(labels).as("%s: labels", alert).isNotNull();
            assertThat(labels.get("severity")).as("%s: severity", alert).isIn(SEVERITIES);
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
            assertThat(annotations).as("%s: annotations", alert).containsKeys("summary", "description", "runbook_url");
            String runbook = annotations.get("runbook_url");
            assertThat(runbook).as("%s: runbook_url", alert).startsWith("/docs/troubleshooting.html#");
            assertThat(anchors).as("%s: section %s in %s", alert, runbook, OpsFiles.TROUBLESHOOTING)
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    void rules_selectOnlyMetricsImlabExports() {
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> rule : rules()) {
            used.addAll(PromQlNames.of((String) rule.get("expr")));
        }
        used.removeAll(OpsFiles.MADE_BY_PROMETHEUS);
        assertThat(used).as("metrics the rules use, all in %s", OpsFiles.METRICS_USED)
                .isNotEmpty().isSubsetOf(OpsFiles.metricsUsed());
    }
}
