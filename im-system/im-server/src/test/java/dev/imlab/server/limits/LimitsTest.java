package dev.imlab.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every limit at the gateway's doors, tripped on the wire by an abuser, with the documented answer
 * (docs: robustness.adoc), its {@code imlab.limits.refused} count, and an honest client next to
 * the abuser (another address, or another user) that is served as if nothing happened. Each
 * client has a loopback address of its own ({@link FromAddress}), so the tests share one server
 * with small limits without sharing a budget.
 */
class LimitsTest {
    private static final String PASSWORD = "s3cret-pass";
    private static final AtomicInteger USERS = new AtomicInteger();

    private static TestServer server;
    private static URI base;
    private static Refused refused;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                "imlab.limits.http-per-ip=10/1m",
                "imlab.limits.handshakes-per-ip=3/1m",
                "imlab.limits.logins-per-ip=4/1m",
                "imlab.limits.login-failures-per-user=6/1m",
                "imlab.limits.login-failures-before-lockout=3",
                "imlab.limits.login-lockouts=1m,30m,60m",
                "imlab.limits.registrations-per-ip=2/1h",
                "imlab.limits.connections-per-user=2",
                "imlab.limits.handshake-timeout=3s",
                "imlab.limits.first-frame-timeout=3s",
                "imlab.gateway.rate-per-second=5",
                "imlab.gateway.rate-burst=5",
                "imlab.limits.bytes-per-connection=70000/1m",
                "imlab.limits.max-http-body=2048");
        base = server.baseUri();
        refused = new Refused(base);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- HTTP calls and handshakes per address

    @Test
    void httpCallsPerAddress_overTheLimit_get429WithRetryAfter_whileAnotherAddressIsServed() {
        FromAddress abuser = FromAddress.fresh(base);
        FromAddress honest = FromAddress.fresh(base);
        long before = refused.count("http-per-ip");

        FromAddress.Response limited = untilRefused(10, 40, () -> abuser.get("/api/v1/no-such-thing"), 404);

        assertRateLimited(limited);
        assertThat(honest.get("/api/v1/stats").status()).isEqualTo(200);
        assertThat(refused.count("http-per-ip")).isEqualTo(before + 1);
    }

    @Test
    void handshakesPerAddress_overTheLimit_get429BeforeTheUpgrade_whileAnotherAddressConnects() {
        FromAddress abuser = FromAddress.fresh(base);
        String alice = user("alice");
        long before = refused.count("handshakes-per-ip");

        FromAddress.Response limited = untilRefused(3, 20, () -> abuser.webSocket("forged").refused(), 401);

        assertRateLimited(limited);
        try (RawWebSocket honest = connect(alice, "phone")) {
            assertThat(honest.ping()).isInstanceOf(ServerFrame.Pong.class);
        }
        assertThat(refused.count("handshakes-per-ip")).isEqualTo(before + 1);
    }

    // --- registrations and logins

    @Test
    void registrationsPerAddress_overTheLimit_get429_whileAnotherAddressRegisters() {
        FromAddress abuser = FromAddress.fresh(base);
        long before = refused.count("registrations-per-ip");
        assertThat(abuser.register(name("bulk"), PASSWORD).status()).isEqualTo(201);
        assertThat(abuser.register(name("bulk"), PASSWORD).status()).isEqualTo(201);

        String third = name("bulk");
        FromAddress.Response limited = abuser.register(third, PASSWORD);

        assertRateLimited(limited);
        assertThat(FromAddress.fresh(base).login(third, PASSWORD, "d").status()).as("not created").isEqualTo(401);
        assertThat(FromAddress.fresh(base).register(name("honest"), PASSWORD).status()).isEqualTo(201);
        assertThat(refused.count("registrations-per-ip")).isEqualTo(before + 1);
    }

    @Test
    void loginsPerAddress_overTheLimit_get429EvenWithTheRightPassword_whileAnotherAddressLogsIn() {
        String bob = user("bob");
        FromAddress abuser = FromAddress.fresh(base);
        long before = refused.count("logins-per-ip");

        // Wrong passwords for ever other user ids (no lockout of a pair), then bob's right password.
        AtomicInteger guess = new AtomicInteger();
        FromAddress.Response limited = untilRefused(4, 20,
                () -> abuser.login("ghost-" + guess.incrementAndGet(), "wrong-pass-1", "d"), 401);
        assertRateLimited(limited);
        FromAddress.Response rightPassword = abuser.login(bob, PASSWORD, "phone");

        assertRateLimited(rightPassword); // refused before the password is hashed, so before it is known right
        assertThat(FromAddress.fresh(base).login(bob, PASSWORD, "phone").status()).isEqualTo(200);
        assertThat(refused.count("logins-per-ip")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void aConcurrentWrongPasswordFlood_reachesBcryptOnlyWithinTheAddressLimit_andAnHonestLoginIsServed()
            throws Exception {
        String honestUser = user("honest");
        FromAddress abuser = FromAddress.fresh(base);
        ExecutorService flood = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String ghost = "flood-" + i; // a user id each: no lockout, only the address's budget
                attempts.add(flood.submit(() -> abuser.login(ghost, "wrong-pass-1", "d").status()));
            }
            int honest = FromAddress.fresh(base).login(honestUser, PASSWORD, "phone").status();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : attempts) {
                statuses.add(a.get(60, TimeUnit.SECONDS));
            }

            assertThat(honest).isEqualTo(200);
            assertThat(statuses).containsOnly(401, 429);
            // 4 in the bucket, and at most one more if the bucket refilled (1 per 15 s) during the flood.
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("attempts that were hashed")
                    .isBetween(4L, 5L);
        } finally {
            flood.shutdownNow();
        }
    }

    @Test
    void failedLoginsInARow_lockOutTheUserAtThatAddressOnly_whileTheOwnerLogsInFromAnother() {
        String victim = user("victim");
        String other = user("other");
        FromAddress attacker = FromAddress.fresh(base);
        long before = refused.count("login-lockout");
        for (int i = 0; i < 3; i++) {
            assertThat(attacker.login(victim, "wrong-pass-" + i, "d").status()).isEqualTo(401);
        }

        FromAddress.Response locked = attacker.login(victim, PASSWORD, "d");

        assertRateLimited(locked);
        assertThat(locked.json().path("retryAfterMs").asLong()).isBetween(1L, 60_000L); // the first step: 1 min
        assertThat(locked.json().path("message").asString()).contains("locked");
        assertThat(FromAddress.fresh(base).login(victim, PASSWORD, "phone").status()).as("the owner elsewhere")
                .isEqualTo(200);
        assertThat(attacker.login(other, PASSWORD, "d").status()).as("another user at the attacker's address")
                .isEqualTo(200);
        assertThat(refused.count("login-lockout")).isEqualTo(before + 1);
    }

    @Test
    void failedLoginsOfOneUserFromManyAddresses_get429_butNotFromAnAddressTheUserLoggedInFrom() {
        String victim = user("target");
        FromAddress home = FromAddress.fresh(base);
        assertThat(home.login(victim, PASSWORD, "phone").status()).isEqualTo(200);
        long before = refused.count("login-failures-per-user");

        // One guess per address: no address reaches its own limit or a lockout.
        FromAddress.Response limited = untilRefused(6, 30,
                () -> FromAddress.fresh(base).login(victim, "wrong-pass-1", "d"), 401);

        assertRateLimited(limited);
        assertThat(home.login(victim, PASSWORD, "phone").status()).as("the owner at home").isEqualTo(200);
        assertThat(FromAddress.fresh(base).login(user("bystander"), PASSWORD, "d").status()).as("another user")
                .isEqualTo(200);
        // The documented price: the owner on a new address waits while the guessing lasts (one refill at most).
        assertRateLimited(FromAddress.fresh(base).login(victim, PASSWORD, "laptop"));
        assertThat(refused.count("login-failures-per-user")).isEqualTo(before + 2);
    }

    // --- connections

    @Test
    void devicesPerUser_overTheLimit_get429BeforeTheUpgrade_whileAnotherUserConnects() throws Exception {
        String carol = user("carol");
        String dave = user("dave");
        long before = refused.count("connections-per-user");
        RawWebSocket phone = connect(carol, "phone");
        RawWebSocket laptop = connect(carol, "laptop");

        FromAddress.Handshake third = FromAddress.fresh(base).webSocket(token(carol, "tablet"));

        assertRateLimited(third.refused());
        assertThat(third.refused().json().path("retryAfterMs").asLong()).as("the idle timeout").isEqualTo(60_000);
        try (RawWebSocket honest = connect(dave, "phone")) {
            assertThat(honest.ping()).isInstanceOf(ServerFrame.Pong.class);
        }
        // The same device again replaces its connection and keeps its slot: the tablet is still refused.
        try (RawWebSocket phoneAgain = connect(carol, "phone")) {
            assertThat(phone.closeStatus()).as("the replaced connection is kicked").isEqualTo(4001);
            assertRateLimited(FromAddress.fresh(base).webSocket(token(carol, "tablet")).refused());
            // A device that leaves frees its slot.
            laptop.close();
            RawWebSocket tablet = awaitConnected(carol, "tablet");
            assertThat(tablet.ping()).isInstanceOf(ServerFrame.Pong.class);
            tablet.close();
        }
        phone.close();
        assertThat(refused.count("connections-per-user")).isGreaterThanOrEqualTo(before + 2);
    }

    // --- deadlines (slowloris)

    @Test
    void halfSentHandshake_isClosedAfterTheHandshakeTimeout_whileAnotherAddressIsServed() throws Exception {
        String erin = user("erin");
        long before = refused.count("handshake-timeout");
        try (Socket slow = FromAddress.fresh(base).connect()) {
            OutputStream out = slow.getOutputStream();
            out.write(("GET /ws?token=" + token(erin, "phone") + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nUpgrade: websocket\r\n").getBytes(StandardCharsets.US_ASCII)); // the blank line never comes
            out.flush();

            assertThat(FromAddress.fresh(base).get("/api/v1/stats").status()).isEqualTo(200);
            try (RawWebSocket honest = connect(erin, "laptop")) {
                assertThat(honest.ping()).isInstanceOf(ServerFrame.Pong.class);
            }
            InputStream in = slow.getInputStream();
            assertThat(FromAddress.closedByServer(slow, in, 15_000)).as("closed by the server within 15 s").isTrue();
        }
        assertThat(refused.count("handshake-timeout")).isEqualTo(before + 1);
    }

    @Test
    void upgradedConnectionThatSendsNothing_isClosedWith1008_whileOneThatSpokeStaysOpen() {
        String frank = user("frank");
        long before = refused.count("first-frame-timeout");
        try (RawWebSocket honest = connect(frank, "phone");
             RawWebSocket silent = FromAddress.fresh(base).webSocket(token(frank, "laptop")).open()) {

            RawWebSocket.Frame close = silent.read(15_000);

            assertThat(close).isNotNull();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeStatus()).isEqualTo(1008);
            // The honest connection opened earlier, so its own deadline has passed too: it still answers.
            assertThat(honest.ping()).isInstanceOf(ServerFrame.Pong.class);
        }
        assertThat(refused.count("first-frame-timeout")).isEqualTo(before + 1);
    }

    // --- frames and bytes per connection

    @Test
    void framesPerConnection_overTheLimit_getRateLimitedFrames_whileAnotherConnectionIsServed() {
        String gina = user("gina");
        String hank = user("hank");
        long before = refused.count("frames-per-connection");
        try (RawWebSocket flooder = connect(gina, "phone"); RawWebSocket honest = connect(hank, "phone")) {
            for (int i = 0; i < 20; i++) {
                flooder.send("{\"type\":\"ping\"}");
            }
            List<ServerFrame> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(flooder.next());
            }

            List<ServerFrame.Error> limited = answers.stream().filter(ServerFrame.Error.class::isInstance)
                    .map(ServerFrame.Error.class::cast).toList();
            assertThat(limited).isNotEmpty().allSatisfy(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(e.retryAfterMs()).isPositive();
            });
            assertThat(honest.ping()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(refused.count("frames-per-connection")).isEqualTo(before + limited.size());
        }
    }

    @Test
    void bytesPerConnection_overTheLimit_getRateLimited_whileAnotherConnectionSendsTheSame() {
        String ivan = user("ivan");
        String judy = user("judy");
        String big = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(40_000) + "\"}";
        long before = refused.count("bytes-per-connection");
        try (RawWebSocket heavy = connect(ivan, "phone"); RawWebSocket honest = connect(judy, "phone")) {
            assertThat(heavy.send(big).next()).isInstanceOf(ServerFrame.Pong.class);

            ServerFrame second = heavy.send(big).next();

            assertThat(second).isInstanceOfSatisfying(ServerFrame.Error.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(e.retryAfterMs()).isPositive();
                assertThat(e.message()).contains("bytes");
            });
            assertThat(honest.send(big).next()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(heavy.ping()).as("a small frame still fits").isInstanceOf(ServerFrame.Pong.class);
        }
        assertThat(refused.count("bytes-per-connection")).isEqualTo(before + 1);
    }

    // --- HTTP body

    @Test
    void httpBodyOverTheLimit_gets413TooLarge_whileAnotherRequestIsServed() {
        long before = refused.count("max-http-body");
        String huge = "{\"userId\":\"big\",\"password\":\"" + "p".repeat(3_000) + "\"}";

        FromAddress.Response tooLarge = FromAddress.fresh(base).post("/api/v1/users", huge);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().path("error").asString()).isEqualTo("TOO_LARGE");
        assertThat(tooLarge.json().path("message").asString()).contains(Integer.toString(huge.length()), "2048");
        assertThat(FromAddress.fresh(base).register(name("small"), PASSWORD).status()).isEqualTo(201);
        assertThat(refused.count("max-http-body")).isEqualTo(before + 1);
    }

    @Test
    void everyLimit_hasItsRefusalCounter_onTheMetricsEndpoint() {
        for (String limit : List.of("http-per-ip", "handshakes-per-ip", "logins-per-ip", "login-failures-per-user",
                "login-lockout", "registrations-per-ip", "connections-per-user", "max-connections",
                "handshake-timeout", "first-frame-timeout", "frames-per-connection", "bytes-per-connection",
                "max-http-body")) {
            assertThat(refused.count(limit)).as(limit).isNotNegative();
        }
    }

    // --- fixtures

    /**
     * Calls {@code request} until it is refused with 429, at most {@code max} times, and returns
     * the refusal; the first {@code allowed} calls must all have been answered {@code status}. (A
     * slow machine may refill a token in between, so the refusal may come a little later.)
     */
    static FromAddress.Response untilRefused(int allowed, int max, Supplier<FromAddress.Response> request, int status) {
        List<Integer> answered = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            FromAddress.Response r = request.get();
            if (r.status() == 429) {
                assertThat(answered).as("answers before the first 429").hasSizeGreaterThanOrEqualTo(allowed)
                        .containsOnly(status);
                return r;
            }
            answered.add(r.status());
        }
        throw new AssertionError("no 429 in " + max + " calls: " + answered);
    }

    /** 429 RATE_LIMITED, in the API's error shape, with retryAfterMs and the Retry-After header that agrees. */
    static void assertRateLimited(FromAddress.Response r) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(429);
        JsonNode body = r.json();
        assertThat(body.path("error").asString()).isEqualTo("RATE_LIMITED");
        long retryAfterMs = body.path("retryAfterMs").asLong();
        assertThat(retryAfterMs).isPositive();
        assertThat(r.header("Retry-After")).isEqualTo(Long.toString((retryAfterMs + 999) / 1000));
    }

    static String name(String prefix) {
        return prefix + "-" + USERS.incrementAndGet();
    }

    /** A new user, registered from an address of its own. */
    static String user(String prefix) {
        String userId = name(prefix);
        FromAddress.Response r = FromAddress.fresh(base).register(userId, PASSWORD);
        assertThat(r.status()).as("registering %s: %s", userId, r).isEqualTo(201);
        return userId;
    }

    /** A token, logged in from an address of its own. */
    static String token(String userId, String deviceId) {
        FromAddress.Response r = FromAddress.fresh(base).login(userId, PASSWORD, deviceId);
        assertThat(r.status()).as("login of %s: %s", userId, r).isEqualTo(200);
        return r.json().path("token").asString();
    }

    /** A connection from an address of its own that has sent its first frame (a ping, answered). */
    static RawWebSocket connect(String userId, String deviceId) {
        RawWebSocket socket = FromAddress.fresh(base).webSocket(token(userId, deviceId)).open();
        assertThat(socket.ping()).isInstanceOf(ServerFrame.Pong.class);
        return socket;
    }

    /** Connects once the gateway frees a slot (it does when it sees the other connection close). */
    private static RawWebSocket awaitConnected(String userId, String deviceId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            FromAddress.Handshake h = FromAddress.fresh(base).webSocket(token(userId, deviceId));
            if (h.socket() != null) {
                return h.socket();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(userId + "/" + deviceId + " could not connect within 10 s");
    }
}
