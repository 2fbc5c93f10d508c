package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.imlab.server.support.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The token is checked at the handshake: without a valid one the connection never becomes a WebSocket. */
class HandshakeAuthTest {
    private final TestServer server = TestServer.shared();

    /** Sends a WebSocket upgrade by hand (the JDK client hides the status) and returns the HTTP status. */
    private int upgradeStatus(String token) throws Exception {
        URI base = server.baseUri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET /ws" + (token == null ? "" : "?token=" + token) + " HTTP/1.1\r\n"
                    + "Host: " + base.getAuthority() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private String secret() throws Exception {
        return Files.readString(server.dataDir().resolve("token-secret"), StandardCharsets.UTF_8).trim();
    }

    @Test
    void missingToken_isRefusedWith401() throws Exception {
        assertThat(upgradeStatus(null)).isEqualTo(401);
    }

    @Test
    void forgedToken_isRefusedWith401() throws Exception {
        String alice = server.newUser("alice");
        String forged = JWT.create().withSubject(alice).withClaim("dev", "phone")
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256("some-other-secret-of-at-least-32-bytes"));
        assertThat(upgradeStatus(forged)).isEqualTo(401);
    }

    @Test
    void expiredToken_isRefusedWith401() throws Exception {
        String alice = server.newUser("alice");
        String expired = JWT.create().withSubject(alice).withClaim("dev", "phone")
                .withIssuedAt(Instant.now().minusSeconds(7200))
                .withExpiresAt(Instant.now().minusSeconds(3600)).sign(Algorithm.HMAC256(secret()));
        assertThat(upgradeStatus(expired)).isEqualTo(401);
    }

    @Test
    void validToken_signedWithTheSameSecret_isAccepted() throws Exception {
        String alice = server.newUser("alice");
        String valid = JWT.create().withSubject(alice).withClaim("dev", "phone").withJWTId(UUID.randomUUID().toString())
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256(secret()));
        assertThat(upgradeStatus(valid)).isEqualTo(101);
    }

    @Test
    void tokenWithoutAnId_isRefusedWith401_becauseNoLogoutCouldRevokeIt() throws Exception {
        String alice = server.newUser("alice");
        String withoutId = JWT.create().withSubject(alice).withClaim("dev", "phone")
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256(secret()));
        assertThat(upgradeStatus(withoutId)).isEqualTo(401);
    }
}
