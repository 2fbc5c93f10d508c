package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The example Prometheus configuration ({@code prometheus/prometheus.yml}) is valid and loads the alert rules. */
class PrometheusConfigTest {

    @Test
    void exampleConfig_passesPromtoolCheck_withTheAlertRules() {
        Promtool.Result result = Promtool.run(OpsFiles.PROMETHEUS, "check", "config",
                OpsFiles.PROMETHEUS_CONFIG.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: 1 rule files found", OpsFiles.ALERT_RULES.getFileName().toString());
    }
}
