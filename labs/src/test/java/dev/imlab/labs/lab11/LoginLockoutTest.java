package dev.imlab.labs.lab11;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The server's ladder: 5 failures in a row, then 1, 30 and 60 minutes. Time is {@link #now}, moved by the test. */
@Tag("lab11")
class LoginLockoutTest {
    static final String ATTACKER = "203.0.113.9";
    static final String HOME = "198.51.100.7";
    static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(60));

    private final AtomicLong now = new AtomicLong(3_000_000_000L);
    private final LoginLockout lockout = new LoginLockout(5, STEPS, now::get);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            lockout.failed(user, address);
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void fiveFailuresInARow_lockThePairForOneMinute_andTheLockRunsDown() {
        fail("alice", ATTACKER, 4);
        assertThat(lockout.lockedNanos("alice", ATTACKER)).as("4 failures: not yet").isLessThanOrEqualTo(0);

        lockout.failed("alice", ATTACKER);

        assertThat(lockout.lockedNanos("alice", ATTACKER)).isEqualTo(Duration.ofMinutes(1).toNanos());
        advance(Duration.ofSeconds(45));
        assertThat(lockout.lockedNanos("alice", ATTACKER)).isEqualTo(Duration.ofSeconds(15).toNanos());
        advance(Duration.ofSeconds(15));
        assertThat(lockout.lockedNanos("alice", ATTACKER)).isLessThanOrEqualTo(0);
    }

    @Test
    void theLockouts_growFromOneTo30To60Minutes_thenStayAt60() {
        List<Long> locks = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            fail("alice", ATTACKER, 5);
            long locked = lockout.lockedNanos("alice", ATTACKER);
            locks.add(TimeUnit.NANOSECONDS.toMinutes(locked));
            advance(Duration.ofNanos(locked));
        }

        assertThat(locks).containsExactly(1L, 30L, 60L, 60L, 60L);
    }

    @Test
    void theLock_isOfThatUserAtThatAddressOnly() {
        fail("alice", ATTACKER, 5);

        assertThat(lockout.lockedNanos("alice", ATTACKER)).isPositive();
        assertThat(lockout.lockedNanos("alice", HOME)).as("the owner, from home").isLessThanOrEqualTo(0);
        assertThat(lockout.lockedNanos("bob", ATTACKER)).as("another user behind the same NAT").isLessThanOrEqualTo(0);
    }

    @Test
    void aSuccess_endsTheSeriesOfFailures_andTheLadder() {
        fail("alice", ATTACKER, 4);
        lockout.succeeded("alice", ATTACKER);
        fail("alice", ATTACKER, 4);
        assertThat(lockout.lockedNanos("alice", ATTACKER)).as("two series of 4, not 8 in a row").isLessThanOrEqualTo(0);

        lockout.failed("alice", ATTACKER);
        advance(Duration.ofMinutes(1));
        lockout.succeeded("alice", ATTACKER); // she remembered it
        fail("alice", ATTACKER, 5);
        assertThat(lockout.lockedNanos("alice", ATTACKER)).as("the ladder starts again").isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void failuresWhileLocked_doNotCount() {
        fail("alice", ATTACKER, 5);
        fail("alice", ATTACKER, 3); // attempts that were under way when the lock began
        advance(Duration.ofMinutes(1));

        fail("alice", ATTACKER, 4);
        assertThat(lockout.lockedNanos("alice", ATTACKER)).isLessThanOrEqualTo(0);
        lockout.failed("alice", ATTACKER);
        assertThat(lockout.lockedNanos("alice", ATTACKER)).as("the second step").isEqualTo(Duration.ofMinutes(30).toNanos());
    }

    @Test
    void theLadderStartsAgain_afterTwiceTheLongestStepWithoutAnAttempt() {
        fail("alice", ATTACKER, 5);
        advance(Duration.ofMinutes(1));
        fail("alice", ATTACKER, 5);
        assertThat(lockout.lockedNanos("alice", ATTACKER)).isEqualTo(Duration.ofMinutes(30).toNanos());

        advance(Duration.ofMinutes(30 + 120));
        fail("alice", ATTACKER, 5);

        assertThat(lockout.lockedNanos("alice", ATTACKER)).isEqualTo(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void attemptsGoingOn_keepTheLadder() {
        fail("alice", ATTACKER, 5);
        for (int i = 0; i < 10; i++) {
            advance(Duration.ofMinutes(20));
            lockout.lockedNanos("alice", ATTACKER); // a login tried: the gateway asks first
        }
        fail("alice", ATTACKER, 5);

        assertThat(lockout.lockedNanos("alice", ATTACKER)).as("200 minutes of attempts, not of quiet")
                .isEqualTo(Duration.ofMinutes(30).toNanos());
    }

    @Test
    void aFloodOfMadeUpUsers_staysWithinTheBound() {
        for (int i = 0; i < LoginLockout.MAX_PAIRS + 20_000; i++) {
            lockout.failed("guess-" + i, ATTACKER);
        }

        assertThat(lockout.size()).isLessThanOrEqualTo(LoginLockout.MAX_PAIRS);
    }

    @Test
    void failuresFromManyThreadsAtOnce_takeOneStep_notSeveral() throws Exception {
        assertThat(lockout.lockedNanos("alice", ATTACKER)).isLessThanOrEqualTo(0); // on the test thread first (LabNotDone)
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Void> work = () -> {
                    go.await();
                    for (int i = 0; i < 250; i++) {
                        lockout.failed("alice", ATTACKER); // a wrong-password flood on the login pool
                    }
                    return null;
                };
                running.add(pool.submit(work));
            }
            go.countDown();
            for (Future<Void> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(lockout.lockedNanos("alice", ATTACKER)).as("2,000 failures in the same instant: the first step only")
                .isEqualTo(Duration.ofMinutes(1).toNanos());
    }
}
