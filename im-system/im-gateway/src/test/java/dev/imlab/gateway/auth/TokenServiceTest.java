package dev.imlab.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.123Z");

    private final TokenService tokens = new TokenService(SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aToken_namesUserAndDevice_andCarriesAnId_itsIssueMillisecond_andItsExpiry() {
        TokenService.IssuedToken issued = tokens.issue("alice", "phone");

        Principal principal = tokens.verify(issued.token());

        assertThat(principal.userId()).isEqualTo("alice");
        assertThat(principal.deviceId()).isEqualTo("phone");
        assertThat(principal.tokenId()).isNotBlank();
        assertThat(principal.issuedAtMs()).as("to the millisecond, not the second of iat").isEqualTo(NOW.toEpochMilli());
        // exp has whole seconds in a JWT, so expiresAt is rounded down to the second it really stops at.
        assertThat(principal.expiresAtMs()).isEqualTo(issued.expiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toEpochMilli());
    }

    @Test
    void twoTokens_ofTheSameDevice_haveDifferentIds() {
        assertThat(tokens.verify(tokens.issue("alice", "phone").token()).tokenId())
                .isNotEqualTo(tokens.verify(tokens.issue("alice", "phone").token()).tokenId());
    }

    @Test
    void aTokenIssuedForAnEarlierCheck_countsFromThatCheck() {
        assertThat(tokens.verify(tokens.issue("alice", "phone", NOW.toEpochMilli() - 150).token()).issuedAtMs())
                .isEqualTo(NOW.toEpochMilli() - 150);
    }

    @Test
    void aTokenWithoutAnId_isUnauthorized() {
        String withoutId = JWT.create().withSubject("alice").withClaim("dev", "phone")
                .withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.HMAC256(SECRET));

        assertThatThrownBy(() -> tokens.verify(withoutId)).isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
