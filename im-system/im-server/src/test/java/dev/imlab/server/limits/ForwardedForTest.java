package dev.imlab.server.limits;

import static dev.imlab.server.limits.LimitsTest.assertRateLimited;
import static dev.imlab.server.limits.LimitsTest.untilRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.TestServer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code imlab.gateway.trusted-proxies}: behind a trusted proxy, every per-address limit and the
 * login lockout count the client the proxy names in {@code X-Forwarded-For}; from anyone else the
 * header changes nothing. The proxy is any loopback address in 127.2.0.0/16; untrusted clients
 * come from 127.1.x.y ({@link FromAddress#fresh()}).
 */
class ForwardedForTest {
    private static final String PASSWORD = "s3cret-pass";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private static TestServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                "imlab.gateway.trusted-proxies=10.9.9.9,127.2.0.0/16",
                "imlab.limits.http-per-ip=3/1m",
                "imlab.limits.handshakes-per-ip=2/1m",
                "imlab.limits.logins-per-ip=20/1m",
                "imlab.limits.login-failures-before-lockout=3",
                "imlab.limits.login-lockouts=1m");
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A proxy's address, trusted, of this test's own. */
    private static FromAddress proxy() {
        return FromAddress.of(base, "127.2.0." + (NEXT.incrementAndGet() % 250 + 1));
    }

    /** A client address as a proxy would write it, never the same twice. */
    private static String client() {
        return "198.51.100." + (NEXT.incrementAndGet() % 250 + 1);
    }

    @Test
    void aForgedHeader_fromAnUntrustedPeer_changesNothing() {
        FromAddress abuser = FromAddress.fresh(base);

        FromAddress.Response limited = untilRefused(3, 10,
                () -> abuser.forwardingFor(client()).get("/api/v1/stats"), 200);

        assertRateLimited(limited);
        assertRateLimited(untilRefused(2, 10, () -> abuser.forwardingFor(client()).webSocket("forged").refused(), 401));
    }

    @Test
    void behindATrustedProxy_httpCallsAreCountedPerForwardedClient() {
        FromAddress proxy = proxy();
        String alice = client();

        FromAddress.Response limited = untilRefused(3, 10, () -> proxy.forwardingFor(alice).get("/api/v1/stats"), 200);

        assertRateLimited(limited);
        assertThat(proxy.forwardingFor(client()).get("/api/v1/stats").status()).as("another client, same proxy")
                .isEqualTo(200);
        assertThat(proxy.forwardingFor("6.6.6.6, " + alice).get("/api/v1/stats").status())
                .as("only the last hop counts: what the client wrote before it is not believed").isEqualTo(429);
    }

    @Test
    void behindATrustedProxy_handshakesAreCountedPerForwardedClient() {
        FromAddress proxy = proxy();
        String alice = client();

        FromAddress.Response limited = untilRefused(2, 10,
                () -> proxy.forwardingFor(alice).webSocket("forged").refused(), 401);

        assertRateLimited(limited);
        assertThat(proxy.forwardingFor(client()).webSocket("forged").refused().status())
                .as("another client, same proxy: its token is checked").isEqualTo(401);
    }

    @Test
    void behindATrustedProxy_aLockoutHoldsTheAttackersAddressOnly_notTheProxys() {
        String victim = "victim-" + NEXT.incrementAndGet();
        assertThat(FromAddress.fresh(base).register(victim, PASSWORD).status()).isEqualTo(201);
        FromAddress proxy = proxy();
        FromAddress attacker = proxy.forwardingFor(client());
        for (int i = 0; i < 3; i++) {
            assertThat(attacker.login(victim, "wrong-pass-" + i, "d").status()).isEqualTo(401);
        }

        assertRateLimited(attacker.login(victim, PASSWORD, "d"));
        assertThat(proxy.forwardingFor(client()).login(victim, PASSWORD, "phone").status())
                .as("the owner, through the same proxy").isEqualTo(200);
    }
}
