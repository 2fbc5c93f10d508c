package dev.imlab.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deployment files these tests check live: this module's folders and the repository root. */
final class DeployFiles {
    /** Maven runs the tests in the module's folder, im-system/im-ops. */
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPOSITORY = MODULE.getParent().getParent();
    static final Path KUBERNETES = MODULE.resolve("kubernetes");
    static final Path HAPROXY = MODULE.resolve("haproxy");
    static final Path COMPOSE_FILE = REPOSITORY.resolve("docker-compose.yml");
    /** The wire contract: the HTTP endpoints it lists are what the server serves. */
    static final Path PROTOCOL_CHAPTER = REPOSITORY.resolve("docs/src/docs/asciidoc/protocol.adoc");

    private DeployFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
