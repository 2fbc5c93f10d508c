package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy configuration in {@code im-system/im-ops/haproxy}: {@code haproxy.cfg} (everything but the
 * gateways) with the compose cluster's {@code gateways-compose.cfg}, and with a server list as a launcher
 * would write it, both accepted by {@code haproxy -c} (Debian package haproxy); and its health check and
 * timeouts are the ones the gateway needs.
 */
class HaproxyConfigTest {
    private static final Path BASE = DeployFiles.HAPROXY.resolve("haproxy.cfg");
    private static final Path COMPOSE_SERVERS = DeployFiles.HAPROXY.resolve("gateways-compose.cfg");

    @Test
    void withTheComposeGateways_haproxyAcceptsTheConfiguration() {
        InstalledTool haproxy = InstalledTool.require("haproxy", "haproxy");
        InstalledTool.Run check = haproxy.run(DeployFiles.HAPROXY, Map.of(), "-c", "-f", BASE.toString(),
                "-f", COMPOSE_SERVERS.toString());

        assertThat(check.exitCode()).as("haproxy -c said:%n%s", check.output()).isZero();
        assertThat(check.output()).as("haproxy -c said:%n%s", check.output()).contains("Configuration file is valid")
                .doesNotContain("[ALERT]");
        // Outside Docker the compose service names do not resolve: the only warnings allowed say so.
        List<String> warnings = Arrays.stream(check.output().split("\n")).filter(l -> l.contains("[WARNING]"))
                .filter(l -> !l.contains("could not resolve address 'gateway-")).toList();
        assertThat(warnings).as("haproxy -c said:%n%s", check.output()).isEmpty();
    }

    @Test
    void withALaunchersGateways_haproxyAcceptsTheConfiguration_andListensWhereTold(@TempDir Path dir)
            throws IOException {
        InstalledTool haproxy = InstalledTool.require("haproxy", "haproxy");
        Path servers = Files.writeString(dir.resolve("gateways.cfg"), """
                backend gateways
                    server gw-1 127.0.0.1:18081 check
                    server gw-2 127.0.0.1:18082 check
                """);

        InstalledTool.Run check = haproxy.run(dir, Map.of("IMLAB_LB_BIND", "127.0.0.1:18080"), "-c", "-f",
                BASE.toString(), "-f", servers.toString());

        assertThat(check.exitCode()).as("haproxy -c said:%n%s", check.output()).isZero();
        assertThat(check.output()).as("haproxy -c said:%n%s", check.output()).doesNotContain("[ALERT]")
                .doesNotContain("[WARNING]");
    }

    @Test
    void withoutAServerList_haproxyRefusesTheConfiguration() {
        // The base alone names a backend it does not define: proof that the checks above read both files.
        InstalledTool haproxy = InstalledTool.require("haproxy", "haproxy");

        InstalledTool.Run check = haproxy.run(DeployFiles.HAPROXY, Map.of(), "-c", "-f", BASE.toString());

        assertThat(check.exitCode()).as("haproxy -c said:%n%s", check.output()).isNotZero();
        assertThat(check.output()).contains("gateways");
    }

    @Test
    void healthCheck_isTheGatewaysHealthEndpoint() {
        String config = DeployFiles.read(BASE);

        assertThat(config).contains("option httpchk");
        Matcher send = Pattern.compile("http-check send meth (\\S+) uri (\\S+)").matcher(config);
        assertThat(send.find()).as("an http-check send line in %s", BASE).isTrue();
        assertThat(send.group(1)).isEqualTo("GET");
        assertThat(ServerEndpoints.served()).as("the health check's path, which the server must serve")
                .contains(send.group(2));
        assertThat(send.group(2)).isEqualTo(ServerEndpoints.HEALTH);
        assertThat(config).contains("http-check expect status 200");
    }

    @Test
    void webSockets_outliveTheGatewaysIdleTimeout_andRequestsGetTheGatewaysHandshakeTime() {
        String config = DeployFiles.read(BASE);

        // A tunnel (an upgraded WebSocket) silent between pings must not be cut before the gateway's own
        // idle timeout closes it, or HAProxy would drop live devices.
        assertThat(seconds(config, "timeout tunnel")).isGreaterThan(ServerEndpoints.defaultIdleTimeoutSeconds());
        assertThat(seconds(config, "timeout http-request")).isGreaterThanOrEqualTo(10);
        assertThat(config).contains("balance leastconn");
    }

    /** The value of a {@code timeout} line, in seconds ({@code 2m}, {@code 90s}). */
    private static long seconds(String config, String setting) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(setting) + "\\s+(\\d+)(ms|s|m|h)\\s*$").matcher(config);
        assertThat(m.find()).as("a '%s' line", setting).isTrue();
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> value / 1000;
            case "s" -> value;
            case "m" -> value * 60;
            default -> value * 3600;
        };
    }
}
