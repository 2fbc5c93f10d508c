package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void of_keepsSelectedMetrics_andDropsFunctionsKeywordsLabelsAndDurations() {
        assertThat(PromQlNames.of("max by (group) (deriv(imlab_kafka_consumer_lag{group=\"im-push\"}[5m])) > 1e3"
                + " and on (job, instance) max_over_time(imlab_role_info{role=\"gateway\"}[1h] offset 5m)"))
                .containsExactly("imlab_kafka_consumer_lag", "imlab_role_info");
    }

    @Test
    void of_ignoresNamesInsideStrings() {
        assertThat(PromQlNames.of("label_replace(vector(1), \"role\", \"gateway\", \"\", \"\") unless on (role) up"))
                .containsExactly("up");
    }
}
