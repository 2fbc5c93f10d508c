package dev.imlab.embedded;

import dev.imlab.embedded.internal.RedisBinaryHome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a separate JVM on this JVM's classpath, so the test can kill -9 it. */
final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(Class<?> mainClass, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        String redisHome = System.getProperty(RedisBinaryHome.HOME_PROPERTY);
        if (redisHome != null) {
            command.add("-D" + RedisBinaryHome.HOME_PROPERTY + "=" + redisHome);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }
}
