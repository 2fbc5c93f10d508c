package dev.imlab.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The login rules of {@link LoginGuard}, on a clock the test moves. */
class LoginGuardTest {
    private static final String ATTACKER = "203.0.113.9";
    private static final String HOME = "198.51.100.7";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoginGuard guard = new LoginGuard(settings(), new Refusals(meters), now::get);

    /** 3 failures lock a pair; lockouts of 1, 30, 60 min; generous address and user buckets. */
    static LimitSettings settings() {
        return new LimitSettings(true, Rate.valueOf("1000/1s"), Rate.valueOf("1000/1s"), Rate.valueOf("1000/1s"),
                Rate.valueOf("1000/1s"), 3, List.of(Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(60)),
                Rate.valueOf("1000/1s"), 10, 1000, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Rate.valueOf("1048576/4s"), 65_536);
    }

    private void fail(String address, String user, int times) {
        for (int i = 0; i < times; i++) {
            guard.begin(address, user).failed();
        }
    }

    private long lockedForMs(String address, String user) {
        ImException e = catchThrowableOfType(ImException.class, () -> guard.begin(address, user));
        assertThat(e).as("locked").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        return e.retryAfterMs();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void lockouts_growFromOneTo30To60Minutes_thenStayAt60() {
        fail(ATTACKER, "alice", 3);
        assertThat(lockedForMs(ATTACKER, "alice")).isEqualTo(TimeUnit.MINUTES.toMillis(1));
        advance(Duration.ofMinutes(1));
        fail(ATTACKER, "alice", 3);
        assertThat(lockedForMs(ATTACKER, "alice")).isEqualTo(TimeUnit.MINUTES.toMillis(30));
        advance(Duration.ofMinutes(30));
        fail(ATTACKER, "alice", 3);
        assertThat(lockedForMs(ATTACKER, "alice")).isEqualTo(TimeUnit.MINUTES.toMillis(60));
        advance(Duration.ofMinutes(60));
        fail(ATTACKER, "alice", 3);
        assertThat(lockedForMs(ATTACKER, "alice")).as("bounded: the last step repeats").isEqualTo(TimeUnit.MINUTES.toMillis(60));
        assertThat(meters.get(Refusals.METER).tag("limit", "login-lockout").counter().count()).isEqualTo(4);
    }

    @Test
    void aLockout_isOfTheUserAtThatAddressOnly() {
        fail(ATTACKER, "alice", 3);
        lockedForMs(ATTACKER, "alice");

        guard.begin(HOME, "alice").succeeded(); // the owner, elsewhere
        guard.begin(ATTACKER, "bob").succeeded(); // another user behind the attacker's address
    }

    @Test
    void aSuccess_endsTheCountOfFailures() {
        fail(ATTACKER, "alice", 2);
        guard.begin(ATTACKER, "alice").succeeded();
        fail(ATTACKER, "alice", 2);
        guard.begin(ATTACKER, "alice").succeeded(); // not locked: the two series never reached 3
    }

    @Test
    void theStepsStartAgain_afterTwiceTheLongestLockoutWithoutAnAttempt() {
        fail(ATTACKER, "alice", 3);
        advance(Duration.ofMinutes(1));
        fail(ATTACKER, "alice", 3);
        assertThat(lockedForMs(ATTACKER, "alice")).isEqualTo(TimeUnit.MINUTES.toMillis(30));
        advance(Duration.ofMinutes(121));
        fail(ATTACKER, "alice", 3);
        assertThat(lockedForMs(ATTACKER, "alice")).isEqualTo(TimeUnit.MINUTES.toMillis(1));
    }

    @Test
    void attemptsPerAddress_areRefusedBeforeAnyHashing() {
        LimitSettings s = settings();
        LoginGuard strict = new LoginGuard(new LimitSettings(true, s.httpPerIp(), s.handshakesPerIp(), Rate.valueOf("2/1m"),
                s.loginFailuresPerUser(), s.loginFailuresBeforeLockout(), s.loginLockouts(), s.registrationsPerIp(),
                s.connectionsPerUser(), s.maxConnections(), s.handshakeTimeout(), s.firstFrameTimeout(),
                s.bytesPerConnection(), s.maxHttpBody()), new Refusals(meters), now::get);
        strict.begin(ATTACKER, "a").failed();
        strict.begin(ATTACKER, "b").succeeded(); // successes count too: every attempt costs BCrypt work

        assertThatThrownBy(() -> strict.begin(ATTACKER, "c")).isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.retryAfterMs()).isCloseTo(30_000L, within(1L)));
        strict.begin(HOME, "c").succeeded();
    }

    @Test
    void failuresPerUser_spareAddressesTheUserLoggedInFrom_andSuccessesCostNothing() {
        LimitSettings s = settings();
        LoginGuard strict = new LoginGuard(new LimitSettings(true, s.httpPerIp(), s.handshakesPerIp(), s.loginsPerIp(),
                Rate.valueOf("2/1m"), 100, s.loginLockouts(), s.registrationsPerIp(),
                s.connectionsPerUser(), s.maxConnections(), s.handshakeTimeout(), s.firstFrameTimeout(),
                s.bytesPerConnection(), s.maxHttpBody()), new Refusals(meters), now::get);
        strict.begin(HOME, "alice").succeeded();
        strict.begin("192.0.2.1", "alice").succeeded(); // a success from a new address is given back
        strict.begin("192.0.2.2", "alice").failed();
        strict.begin("192.0.2.3", "alice").failed();

        assertThatThrownBy(() -> strict.begin("192.0.2.4", "alice")).isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.getMessage()).contains("failed logins of 'alice'"));
        strict.begin(HOME, "alice").succeeded();
        strict.begin("192.0.2.1", "alice").succeeded(); // known since its success
        strict.begin("192.0.2.5", "bob").succeeded();
    }

    @Test
    void malformedUserIds_shareOneKey() {
        fail(ATTACKER, "not an id!", 2);
        fail(ATTACKER, "x".repeat(10_000), 1);
        lockedForMs(ATTACKER, "another bad one");
    }
}
