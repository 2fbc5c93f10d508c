package dev.imlab.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.TestServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway at {@code imlab.limits.max-connections} refuses the next upgrade with 503 UNAVAILABLE
 * before it happens, and the connections it holds go on as before. A server of its own: the test
 * fills it.
 */
class GatewayFullTest {
    private static TestServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = TestServer.start("imlab.limits.max-connections=2");
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFullGateway_refusesTheNextUpgradeWith503_whileItsConnectionsAreServed() throws Exception {
        Refused refused = new Refused(base);
        long before = refused.count("max-connections");
        try (RawWebSocket alice = connect(user("alice"), "phone"); RawWebSocket bob = connect(user("bob"), "phone")) {
            String carol = user("carol");

            FromAddress.Response full = FromAddress.fresh(base).webSocket(token(carol)).refused();

            assertThat(full).as("the upgrade was refused").isNotNull();
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.json().path("error").asString()).isEqualTo("UNAVAILABLE");
            assertThat(full.json().path("retryAfterMs").asLong()).isEqualTo(5_000);
            assertThat(full.header("Retry-After")).isEqualTo("5");
            assertThat(alice.ping()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(bob.ping()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(refused.count("max-connections")).isEqualTo(before + 1);

            bob.close();
            try (RawWebSocket carolIn = awaitConnected(carol)) {
                assertThat(carolIn.ping()).as("a freed place is taken").isInstanceOf(ServerFrame.Pong.class);
            }
        }
    }

    private static String user(String prefix) {
        String userId = LimitsTest.name("full-" + prefix);
        assertThat(FromAddress.fresh(base).register(userId, TestServer.password()).status()).isEqualTo(201);
        return userId;
    }

    private static String token(String userId) {
        return FromAddress.fresh(base).login(userId, TestServer.password(), "phone").json().path("token").asString();
    }

    private static RawWebSocket connect(String userId, String deviceId) {
        RawWebSocket socket = FromAddress.fresh(base).webSocket(token(userId)).open();
        assertThat(socket.ping()).isInstanceOf(ServerFrame.Pong.class);
        return socket;
    }

    private static RawWebSocket awaitConnected(String userId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            FromAddress.Handshake h = FromAddress.fresh(base).webSocket(token(userId));
            if (h.socket() != null) {
                return h.socket();
            }
            assertThat(h.refused().status()).isEqualTo(503);
            Thread.sleep(100);
        }
        throw new AssertionError(userId + " could not connect within 10 s of a place freeing");
    }
}
