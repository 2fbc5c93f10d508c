package dev.imlab.labs.lab11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

/** Time is {@link #now}, in nanoseconds, moved by the test; no test sleeps. */
@Tag("lab11")
class KeyedBucketsTest {
    private final AtomicLong now = new AtomicLong(7_000_000_000L);

    private KeyedBuckets buckets(long capacity, Duration period, int maxKeys) {
        return new KeyedBuckets(capacity, period, maxKeys, now::get);
    }

    @Test
    void eachKey_hasABucketOfItsOwn() {
        KeyedBuckets perAddress = buckets(2, Duration.ofMinutes(1), 100);
        assertThat(perAddress.tryTake("203.0.113.9")).isZero();
        assertThat(perAddress.tryTake("203.0.113.9")).isZero();

        assertThat(perAddress.tryTake("203.0.113.9")).as("the abuser waits half a minute")
                .isCloseTo(Duration.ofSeconds(30).toNanos(), within(2L));
        assertThat(perAddress.tryTake("198.51.100.7")).as("an honest address next to it").isZero();
    }

    @Test
    void aBucketIdleForItsWholePeriod_isForgotten_andLosesNothing() {
        KeyedBuckets perAddress = buckets(2, Duration.ofMinutes(1), 100);
        perAddress.tryTake("203.0.113.9");
        perAddress.tryTake("203.0.113.9");
        assertThat(perAddress.size()).isEqualTo(1);

        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(perAddress.size()).as("full again, so nothing to keep").isZero();
        assertThat(perAddress.tryTake("203.0.113.9")).isZero();
        assertThat(perAddress.tryTake("203.0.113.9")).isZero();
        assertThat(perAddress.tryTake("203.0.113.9")).as("a new bucket, as full as the old one would be").isPositive();
    }

    @Test
    void aBucketInUse_isKept() {
        KeyedBuckets perAddress = buckets(2, Duration.ofMinutes(1), 100);
        perAddress.tryTake("203.0.113.9");
        perAddress.tryTake("203.0.113.9");
        for (int i = 0; i < 5; i++) {
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            perAddress.tryTake("203.0.113.9"); // refused or not, an attempt keeps its bucket
        }

        assertThat(perAddress.size()).isEqualTo(1);
    }

    @Test
    void aFloodOfNewKeys_staysWithinTheBound() {
        KeyedBuckets perUser = buckets(5, Duration.ofHours(1), 1_000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(perUser.tryTake("made-up-user-" + i)).isZero();
        }

        assertThat(perUser.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void aRefund_givesTheTokenBack() {
        KeyedBuckets failuresPerUser = buckets(1, Duration.ofHours(1), 100);
        assertThat(failuresPerUser.tryTake("alice")).isZero();
        failuresPerUser.refund("alice"); // the login succeeded: it was not a failure

        assertThat(failuresPerUser.tryTake("alice")).isZero();
        assertThat(failuresPerUser.tryTake("alice")).isPositive();
        failuresPerUser.refund("nobody"); // no bucket: nothing to give back, and no failure
    }

    @Test
    void manyThreadsOnOneKey_getExactlyTheCapacity() throws Exception {
        KeyedBuckets perAddress = buckets(100, Duration.ofHours(1), 100);
        assertThat(perAddress.size()).isZero(); // on the test thread first: a stub's LabNotDone must reach JUnit as it is
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(() -> {
                    go.await();
                    int taken = 0;
                    for (int i = 0; i < 500; i++) {
                        if (perAddress.tryTake("203.0.113.9") == 0) {
                            taken++;
                        }
                    }
                    return taken;
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> w : work) {
                results.add(pool.submit(w));
            }
            go.countDown();
            int taken = 0;
            for (Future<Integer> f : results) {
                taken += f.get(60, TimeUnit.SECONDS);
            }

            assertThat(taken).as("4,000 attempts at once, the clock standing still").isEqualTo(100);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
