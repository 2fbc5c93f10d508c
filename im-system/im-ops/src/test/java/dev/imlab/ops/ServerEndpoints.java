package dev.imlab.ops;

import dev.imlab.gateway.http.HttpRequestHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server serves that probes and health checks may use: the {@code GET} endpoints of the wire
 * contract (the protocol chapter's table, whose every row im-server's wire tests exercise) and the
 * gateway's {@code /metrics}; and the ports they are on, as the server's settings give them.
 */
final class ServerEndpoints {
    /** The readiness endpoint: 200 {@code UP}, or 503 {@code STARTING} while the process is not ready. */
    static final String HEALTH = "/api/v1/health";
    private static final Pattern GET_ROW = Pattern.compile("(?m)^\\|\\s*`GET (/[^`\\s]*)`");

    private ServerEndpoints() {
    }

    /** Paths a probe may ask for with GET. */
    static Set<String> served() {
        Set<String> paths = new TreeSet<>();
        Matcher row = GET_ROW.matcher(DeployFiles.read(DeployFiles.PROTOCOL_CHAPTER));
        while (row.find()) {
            paths.add(row.group(1));
        }
        paths.add(HttpRequestHandler.METRICS_PATH);
        return paths;
    }

    /** The gateway's idle timeout by default ({@code imlab.gateway.idle-timeout}), in seconds. */
    static long defaultIdleTimeoutSeconds() {
        return ((Duration) ServerProperties.get().bind(Map.of()).get("imlab.gateway.idle-timeout")).toSeconds();
    }
}
