package dev.imlab.server.infra;

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
        return KeptValue.readOrCreate(dataDir, "token-secret", () -> {
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            return Base64.getEncoder().encodeToString(random);
        });
    }
}
