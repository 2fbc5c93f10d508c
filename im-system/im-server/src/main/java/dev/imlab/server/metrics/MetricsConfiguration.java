package dev.imlab.server.metrics;

import dev.imlab.server.config.ImlabProperties;
import dev.imlab.server.infra.InstanceIdentity;
import dev.imlab.server.roles.ImlabRoles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every process's metrics, whatever its roles: the JVM's, the role identity, and {@code /metrics}
 * on {@code imlab.metrics.port} where asked (a gateway serves it on its own port regardless).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    ProcessMeters processMeters(PrometheusMeterRegistry meters, ImlabProperties properties, InstanceIdentity identity) {
        return new ProcessMeters(meters, properties.roles(), identity.id());
    }

    @Bean(destroyMethod = "close")
    MetricsListener metricsListener(MetricsProperties settings, PrometheusMeterRegistry meters, ImlabRoles roles) {
        return MetricsListener.start(settings, meters::scrape, () -> roles.isRunning() && roles.backEndReady());
    }
}
