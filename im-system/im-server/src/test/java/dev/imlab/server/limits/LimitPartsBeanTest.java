package dev.imlab.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.limits.KeyedLimiter;
import dev.imlab.gateway.limits.LoginLockouts;
import dev.imlab.server.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * The seams lab11 plugs into: the gateway's limits take their keyed token buckets from a
 * {@link KeyedLimiter.Factory} bean and their login lockouts from a {@link LoginLockouts.Factory}
 * bean when there are. The substitutes here answer in ways the server's own never would (a
 * refusal of exactly 42 s; a lockout after one failure, for 7 minutes), so an answer on the wire
 * shows whose code gave it.
 */
class LimitPartsBeanTest {
    static final long SUBSTITUTE_WAIT_MS = 42_000;
    static final Duration SUBSTITUTE_LOCKOUT = Duration.ofMinutes(7);
    private static final Set<String> KEYS_SEEN = ConcurrentHashMap.newKeySet();
    private static final List<Object> LOCKOUT_SETTINGS = new CopyOnWriteArrayList<>();

    private static TestServer server;
    private static String password;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        @Bean
        KeyedLimiter.Factory keyedLimiters() {
            return (rate, maxKeys, nanos) -> new BurstOnly(rate.burst());
        }

        @Bean
        LoginLockouts.Factory loginLockouts() {
            return (failuresBeforeLockout, steps, nanos) -> {
                LOCKOUT_SETTINGS.add(failuresBeforeLockout);
                LOCKOUT_SETTINGS.add(steps);
                return new LockedAfterOneFailure(nanos);
            };
        }
    }

    /** {@code burst} takes per key, never refilled; then "retry in 42 s". */
    static final class BurstOnly implements KeyedLimiter {
        private final long burst;
        private final Map<String, AtomicLong> taken = new ConcurrentHashMap<>();

        BurstOnly(long burst) {
            this.burst = burst;
        }

        @Override
        public long tryTake(String key) {
            KEYS_SEEN.add(key);
            AtomicLong n = taken.computeIfAbsent(key, k -> new AtomicLong());
            if (n.incrementAndGet() <= burst) {
                return 0;
            }
            n.decrementAndGet();
            return TimeUnit.MILLISECONDS.toNanos(SUBSTITUTE_WAIT_MS);
        }

        @Override
        public void refund(String key) {
            taken.computeIfAbsent(key, k -> new AtomicLong()).decrementAndGet();
        }
    }

    /** One failure locks the pair for 7 minutes. */
    static final class LockedAfterOneFailure implements LoginLockouts {
        private final LongSupplier nanos;
        private final Map<String, Long> lockedUntil = new ConcurrentHashMap<>();

        LockedAfterOneFailure(LongSupplier nanos) {
            this.nanos = nanos;
        }

        @Override
        public long lockedNanos(String userId, String address) {
            Long until = lockedUntil.get(userId + "@" + address);
            return until == null ? 0 : until - nanos.getAsLong();
        }

        @Override
        public void failed(String userId, String address) {
            lockedUntil.put(userId + "@" + address, nanos.getAsLong() + SUBSTITUTE_LOCKOUT.toNanos());
        }

        @Override
        public void succeeded(String userId, String address) {
            lockedUntil.remove(userId + "@" + address);
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(SubstituteBeans.class,
                "imlab.limits.http-per-ip=3/1s", // the server's own bucket would refill within a second
                "imlab.limits.login-failures-before-lockout=5",
                "imlab.limits.login-lockouts=1m,30m,60m");
        password = TestServer.password();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void httpCallsPerAddress_areCountedByTheKeyedLimiterBean() {
        FromAddress client = FromAddress.fresh(server.baseUri());
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/api/v1/stats").status()).isEqualTo(200);
        }

        FromAddress.Response refused = client.get("/api/v1/stats");

        LimitsTest.assertRateLimited(refused);
        assertThat(refused.json().path("retryAfterMs").asLong()).as("the substitute's answer").isEqualTo(SUBSTITUTE_WAIT_MS);
        assertThat(KEYS_SEEN).contains(client.source());
        assertThat(FromAddress.fresh(server.baseUri()).get("/api/v1/stats").status()).as("another address").isEqualTo(200);
    }

    @Test
    void oneFailedLogin_locksThePairOut_throughTheLoginLockoutsBean_whileTheOwnerLogsInElsewhere() {
        String victim = LimitsTest.name("victim");
        assertThat(FromAddress.fresh(server.baseUri()).register(victim, password).status()).isEqualTo(201);
        FromAddress attacker = FromAddress.fresh(server.baseUri());
        assertThat(attacker.login(victim, "wrong-pass-1", "d").status()).isEqualTo(401);

        FromAddress.Response locked = attacker.login(victim, password, "d");

        LimitsTest.assertRateLimited(locked);
        assertThat(locked.json().path("message").asString()).contains("locked");
        assertThat(locked.json().path("retryAfterMs").asLong()).as("the substitute's 7 minutes, not the first step's 1")
                .isBetween(SUBSTITUTE_LOCKOUT.toMillis() - 60_000, SUBSTITUTE_LOCKOUT.toMillis());
        assertThat(FromAddress.fresh(server.baseUri()).login(victim, password, "phone").status()).as("the owner elsewhere")
                .isEqualTo(200);
        assertThat(LOCKOUT_SETTINGS).as("the factory is given imlab.limits.login-*")
                .containsExactly(5, List.of(Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(60)));
    }
}
