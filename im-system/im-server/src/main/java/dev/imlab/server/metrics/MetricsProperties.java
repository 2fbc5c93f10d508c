package dev.imlab.server.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code imlab.metrics.*}: a listener of its own for {@code /metrics} and {@code /api/v1/health}, for
 * processes without a gateway (a transfer, push or confirm process has no HTTP port otherwise).
 *
 * @param port port of the listener; -1 (the default): none, because several processes on one machine
 *        would collide on any fixed port, and a process with the gateway role serves both paths on the
 *        gateway's port already; 0: any free port (logged at start)
 * @param host address the listener binds; {@code 0.0.0.0} where Prometheus scrapes from another host
 */
@ConfigurationProperties("imlab.metrics")
public record MetricsProperties(@DefaultValue("-1") int port, @DefaultValue("127.0.0.1") String host) {

    public MetricsProperties {
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("imlab.metrics.port must be -1 (off), 0 (any free port) or a port, not "
                    + port);
        }
    }

    public boolean enabled() {
        return port >= 0;
    }
}
