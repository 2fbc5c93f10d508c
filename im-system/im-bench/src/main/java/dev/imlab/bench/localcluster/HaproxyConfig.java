package dev.imlab.bench.localcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's configuration for the local cluster, from the template {@code im-system/im-ops/haproxy/launcher.cfg.template}
 * (packed into this jar as {@code haproxy/launcher.cfg.template}): the address to listen on and one
 * health-checked server line per gateway.
 */
final class HaproxyConfig {
    static final String TEMPLATE = "haproxy/launcher.cfg.template";

    private HaproxyConfig() {
    }

    /** @param gateways gateway name to its port on 127.0.0.1, in order */
    static String render(String bind, Map<String, Integer> gateways) {
        StringBuilder servers = new StringBuilder();
        gateways.forEach((name, port) -> servers.append("    server ").append(name).append(" 127.0.0.1:").append(port)
                .append(" check\n"));
        return template().replace("${BIND}", bind).replace("${SERVERS}\n", servers.toString())
                .replace("${SERVERS}", servers.toString());
    }

    static String template() {
        try (InputStream in = HaproxyConfig.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the classpath (im-bench packs it from im-ops)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The haproxy binary on the PATH, or null when it is not installed. */
    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            for (String name : List.of("haproxy")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        Path debian = Path.of("/usr/sbin/haproxy"); // not on a normal user's PATH on Debian
        return Files.isExecutable(debian) ? debian.toString() : null;
    }

    /** {@code haproxy -c -f file}: null when HAProxy accepts the file, else what it said. */
    static String check(String haproxy, Path file) {
        try {
            Process p = new ProcessBuilder(haproxy, "-c", "-f", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "haproxy -c did not finish in 30 s";
            }
            return p.exitValue() == 0 ? null : out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
