package dev.imlab.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.gateway.limits.LimitSettings;
import dev.imlab.gateway.limits.Rate;
import dev.imlab.server.config.ImlabProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What {@code java -jar imlab-server.jar} gets with no {@code imlab.limits.*} set: every limit on,
 * at the defaults robustness.adoc lists; and that the keys bind as documented.
 */
class LimitDefaultsTest {
    private static LimitSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("imlab", ImlabProperties.class)
                .limits().settings();
    }

    @Test
    void withNothingSet_everyLimitIsOn_atItsDocumentedDefault() {
        LimitSettings limits = bind(Map.of());

        assertThat(limits.enabled()).isTrue();
        assertThat(limits.httpPerIp()).isEqualTo(new Rate(300, Duration.ofMinutes(1)));
        assertThat(limits.handshakesPerIp()).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(limits.loginsPerIp()).isEqualTo(new Rate(20, Duration.ofMinutes(1)));
        assertThat(limits.loginFailuresPerUser()).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(limits.loginFailuresBeforeLockout()).isEqualTo(5);
        assertThat(limits.loginLockouts()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(30),
                Duration.ofMinutes(60));
        assertThat(limits.registrationsPerIp()).isEqualTo(new Rate(10, Duration.ofHours(1)));
        assertThat(limits.connectionsPerUser()).isEqualTo(10);
        assertThat(limits.maxConnections()).isEqualTo(100_000);
        assertThat(limits.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.firstFrameTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limits.bytesPerConnection()).isEqualTo(new Rate(1_048_576, Duration.ofSeconds(4)));
        assertThat(limits.maxHttpBody()).isEqualTo(65_536);
    }

    @Test
    void keysBind_asTheDocsWriteThem() {
        LimitSettings limits = bind(Map.of(
                "imlab.limits.enabled", "false",
                "imlab.limits.logins-per-ip", "5/30s",
                "imlab.limits.login-lockouts", "2m,1h",
                "imlab.limits.connections-per-user", "3"));

        assertThat(limits.enabled()).isFalse();
        assertThat(limits.loginsPerIp()).isEqualTo(new Rate(5, Duration.ofSeconds(30)));
        assertThat(limits.loginLockouts()).isEqualTo(List.of(Duration.ofMinutes(2), Duration.ofHours(1)));
        assertThat(limits.connectionsPerUser()).isEqualTo(3);
    }

    @Test
    void aByteLimitBelowOneLargestFrame_isRefusedAtStartup() {
        assertThatThrownBy(() -> bind(Map.of("imlab.limits.bytes-per-connection", "1000/1s")))
                .hasMessageContaining("bytes-per-connection");
    }
}
