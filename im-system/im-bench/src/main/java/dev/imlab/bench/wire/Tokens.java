package dev.imlab.bench.wire;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs tokens the way the gateway's TokenService does (HMAC-SHA256 JWT: subject = user, claim
 * {@code dev} = device, an id {@code jti}), so that a connections run does not need 100,000 logins
 * first. The gateway still verifies every one at the handshake: these connections are
 * authenticated. Their users are not registered, so the cluster must run with
 * {@code imlab.auth.require-registered-user=false}.
 */
public final class Tokens {
    private final Algorithm algorithm;

    public Tokens(String secret) {
        this.algorithm = Algorithm.HMAC256(secret);
    }

    public String sign(String userId, String deviceId) {
        Instant now = Instant.now();
        return JWT.create().withSubject(userId).withClaim("dev", deviceId).withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofHours(6))).sign(algorithm);
    }

    /** {@code http://host:port} to {@code ws://host:port/ws?token=...}. */
    public static URI wsUri(URI base, String token) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}
