package dev.imlab.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.RegisteredClaims;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Signed, expiring tokens (JWT, HMAC-SHA256) that name a user and a device. Any gateway with the
 * same secret can check a token without a database read, which keeps the handshake cheap.
 *
 * <p>Each token also carries what revocation needs ({@link RevocationStore}): an id ({@code jti}),
 * so that a logout can revoke this one token, and the millisecond it was issued ({@code iatMs}),
 * so that a password change can revoke every token issued before it. The standard {@code iat} has
 * whole seconds only: a token issued in the same second as a password change, just after it, would
 * look older than the change.
 */
public final class TokenService {
    private static final String DEVICE = "dev";
    private static final String ISSUED_AT_MS = "iatMs";

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
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .withClaimPresence(DEVICE)
                .withClaimPresence(RegisteredClaims.JWT_ID)
                .withClaimPresence(RegisteredClaims.EXPIRES_AT)).build(clock);
    }

    /** How long a token is valid: a revocation that covers every earlier token matters this long. */
    public Duration ttl() {
        return ttl;
    }

    /** A token issued now. */
    public IssuedToken issue(String userId, String deviceId) {
        return issue(userId, deviceId, clock.millis());
    }

    /**
     * A token that counts as issued at {@code issuedAtMs}: the moment the credentials it stands for
     * were checked, which may be a little before now ({@link AccountService#login}), or a password
     * change's revocation epoch when the clock has stepped back since ({@link AccountService#changePassword}).
     */
    IssuedToken issue(String userId, String deviceId, long issuedAtMs) {
        Instant now = clock.instant();
        // A JWT's exp has whole seconds: the answer's expiresAt is the instant the token really stops being accepted.
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = UUID.randomUUID().toString();
        String token = JWT.create().withSubject(userId).withClaim(DEVICE, deviceId).withJWTId(tokenId)
                .withIssuedAt(now).withClaim(ISSUED_AT_MS, issuedAtMs).withExpiresAt(expiresAt).sign(algorithm);
        return new IssuedToken(token, expiresAt.toEpochMilli());
    }

    /**
     * Who a well-signed, unexpired token names; {@code UNAUTHORIZED} if it is missing, forged,
     * expired, or lacks a claim. Whether it was revoked is {@link RevocationStore}'s question.
     */
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
        // A token without iatMs (none such is issued here) counts from its iat, rounded down: never younger than it is.
        Long issuedAtMs = jwt.getClaim(ISSUED_AT_MS).asLong();
        Instant issuedAt = jwt.getIssuedAtAsInstant();
        long issued = issuedAtMs != null ? issuedAtMs : issuedAt != null ? issuedAt.toEpochMilli() : 0;
        return new Principal(userId, deviceId, jwt.getId(), issued, jwt.getExpiresAtAsInstant().toEpochMilli());
    }

    public record IssuedToken(String token, long expiresAt) {
    }
}
