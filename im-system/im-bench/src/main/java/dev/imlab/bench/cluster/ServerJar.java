package dev.imlab.bench.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code imlab-server.jar}. The bench does not put the server on its own classpath: the
 * server is a Spring Boot jar, and running it as one is how it runs in production.
 */
public final class ServerJar {
    private static final String RELATIVE = "im-system/im-server/target/imlab-server.jar";

    private ServerJar() {
    }

    public static Path locate(String explicit) {
        if (explicit != null) {
            return existing(Path.of(explicit));
        }
        String env = System.getenv("IMLAB_SERVER_JAR");
        if (env != null) {
            return existing(Path.of(env));
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(ServerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (Exception ignored) {
            // no code source: only the working directory is searched
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                for (Path candidate : List.of(dir.resolve(RELATIVE), dir.resolve("im-server/target/imlab-server.jar"))) {
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        throw new IllegalStateException("imlab-server.jar not found; build it (./mvnw -q -DskipTests install) or pass --server-jar");
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no server jar at " + p.toAbsolutePath());
        }
        return p;
    }
}
