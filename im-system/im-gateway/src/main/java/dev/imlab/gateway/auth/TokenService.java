package dev.imlab.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Signed, expiring tokens (JWT, HMAC-SHA256) that name a user and a device. Any gateway with the
 * same secret can check a token without a database read, which keeps the handshake cheap.
 */
public final class TokenService {
    private static final String DEVICE = "dev";

    private final Algorithm algorithm;
    private final Duration ttl;
    private final Clock clock;
    private final JWTVerifier verifier;

    public TokenService(String secret, Duration ttl, Clock clock) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the token secret must be at least 32 bytes for HMAC-SHA256");
        }
        this.algorithm = Algorithm.HMAC256(secret);
        this.ttl = ttl;
        this.clock = clock;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withClaimPresence(DEVICE)).build(clock);
    }

    public IssuedToken issue(String userId, String deviceId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        String token = JWT.create().withSubject(userId).withClaim(DEVICE, deviceId)
                .withIssuedAt(now).withExpiresAt(expiresAt).sign(algorithm);
        return new IssuedToken(token, expiresAt.toEpochMilli());
    }

    /** The user and device a valid token names; {@code UNAUTHORIZED} if it is missing, forged or expired. */
    public Principal verify(String token) {
        if (token == null || token.isEmpty()) {
            throw ErrorCode.UNAUTHORIZED.exception("a token is required");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw ErrorCode.UNAUTHORIZED.exception("token refused: " + e.getMessage());
        }
        String userId = jwt.getSubject();
        String deviceId = jwt.getClaim(DEVICE).asString();
        if (!Ids.isId(userId) || !Ids.isId(deviceId)) {
            throw ErrorCode.UNAUTHORIZED.exception("token names no valid user and device");
        }
        return new Principal(userId, deviceId);
    }

    public record IssuedToken(String token, long expiresAt) {
    }
}
