package dev.imlab.bench.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's HAProxy configuration (im-ops/haproxy/launcher.cfg.template) as HAProxy itself reads
 * it: {@code haproxy -c}. Needs Debian's {@code haproxy}; without it the check is skipped loudly, except
 * under {@code CI=true}, where .ci/run installs it and the check must run.
 */
class LauncherHaproxyConfigTest {
    @TempDir
    Path dir;

    private static Map<String, Integer> twoGateways() {
        Map<String, Integer> gateways = new LinkedHashMap<>();
        gateways.put("gw-1", 8081);
        gateways.put("gw-2", 8082);
        return gateways;
    }

    @Test
    void render_listsEveryGateway_healthChecked_behindOneFrontend() {
        String cfg = HaproxyConfig.render("127.0.0.1:8080", twoGateways());

        assertThat(cfg).contains("bind 127.0.0.1:8080", "server gw-1 127.0.0.1:8081 check",
                "server gw-2 127.0.0.1:8082 check", "option httpchk GET /api/v1/health", "balance leastconn");
        assertThat(cfg).doesNotContain("${");
    }

    @Test
    void haproxy_acceptsTheRenderedConfiguration_andRefusesABrokenOne() throws Exception {
        String haproxy = HaproxyConfig.binary();
        if (haproxy == null) {
            String why = "haproxy is not installed (apt-get install -y haproxy): the launcher's configuration is NOT checked";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ", and CI=true requires it");
            }
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        Path good = dir.resolve("haproxy.cfg");
        Files.writeString(good, HaproxyConfig.render("127.0.0.1:8080", twoGateways()));
        assertThat(HaproxyConfig.check(haproxy, good)).as("haproxy -c on %s", good).isNull();

        Path broken = dir.resolve("broken.cfg");
        Files.writeString(broken, HaproxyConfig.render("127.0.0.1:8080", twoGateways())
                .replace("balance leastconn", "balance fewestbytes"));
        assertThat(HaproxyConfig.check(haproxy, broken)).as("a check that can fail").isNotNull();
    }
}
