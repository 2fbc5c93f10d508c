package dev.imlab.server.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token secret: the configured one, or one generated once and kept in the data folder so that
 * tokens stay valid across restarts and every process on this machine shares it.
 */
public final class TokenSecret {
    private TokenSecret() {
    }

    public static String resolve(String configured, Path dataDir) {
        if (!configured.isBlank()) {
            return configured;
        }
        Path file = dataDir.resolve("token-secret");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getEncoder().encodeToString(random);
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, "token-secret", ".tmp");
            Files.writeString(tmp, secret, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file); // not replacing: if another process won the race, use its secret
            } catch (FileAlreadyExistsException e) {
                Files.delete(tmp);
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
