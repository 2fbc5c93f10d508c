package dev.imlab.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code imlab.limits.enabled=false}, as load tests and benchmarks run, turns every limit off,
 * even limits set as low as they go: one address registers, logs in, fails and connects as often
 * as it likes, and nothing is refused or counted.
 */
class LimitsOffTest {
    private static TestServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                "imlab.limits.enabled=false",
                "imlab.limits.http-per-ip=1/1h",
                "imlab.limits.handshakes-per-ip=1/1h",
                "imlab.limits.logins-per-ip=1/1h",
                "imlab.limits.login-failures-per-user=1/1h",
                "imlab.limits.login-failures-before-lockout=1",
                "imlab.limits.registrations-per-ip=1/1h",
                "imlab.limits.connections-per-user=1",
                "imlab.limits.max-connections=1",
                "imlab.limits.handshake-timeout=1s",
                "imlab.limits.first-frame-timeout=1s",
                "imlab.gateway.rate-per-second=1",
                "imlab.gateway.rate-burst=1",
                "imlab.limits.bytes-per-connection=65536/1h");
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withLimitsOff_oneAddressIsNeverRefused() throws Exception {
        FromAddress one = FromAddress.fresh(base);
        String password = TestServer.password();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(LimitsTest.name("off"));
            assertThat(one.register(users.get(i), password).status()).isEqualTo(201);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(one.login(users.get(0), "wrong-pass-1", "d").status()).isEqualTo(401);
        }
        assertThat(one.login(users.get(0), password, "d").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(one.get("/api/v1/stats").status()).isEqualTo(200);
        }
        String phone = one.login(users.get(0), password, "phone").json().path("token").asString();
        String laptop = one.login(users.get(0), password, "laptop").json().path("token").asString();
        try (RawWebSocket a = one.webSocket(phone).open(); RawWebSocket b = one.webSocket(laptop).open()) {
            Thread.sleep(1_500); // past the first-frame timeout it would have had: a timed condition, nothing to await
            for (int i = 0; i < 5; i++) {
                assertThat(a.ping()).isInstanceOf(ServerFrame.Pong.class);
                assertThat(b.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000) + "\"}").next())
                        .isInstanceOf(ServerFrame.Pong.class);
            }
        }
        Refused refused = new Refused(base);
        for (String limit : List.of("http-per-ip", "handshakes-per-ip", "logins-per-ip", "login-failures-per-user",
                "login-lockout", "registrations-per-ip", "connections-per-user", "max-connections",
                "handshake-timeout", "first-frame-timeout", "frames-per-connection", "bytes-per-connection")) {
            assertThat(refused.count(limit)).as(limit).isZero();
        }
    }
}
