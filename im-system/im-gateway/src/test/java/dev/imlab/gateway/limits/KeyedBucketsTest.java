package dev.imlab.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyedBucketsTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void eachKeyHasItsOwnBucket() {
        KeyedBuckets buckets = new KeyedBuckets(Rate.valueOf("2/1m"), 100, now::get);
        assertThat(buckets.tryTake("10.0.0.1")).isZero();
        assertThat(buckets.tryTake("10.0.0.1")).isZero();
        assertThat(buckets.tryTake("10.0.0.1")).isPositive();
        assertThat(buckets.tryTake("10.0.0.2")).isZero();
    }

    @Test
    void aBucketIdleForItsPeriod_isForgotten_andLosesNothing() {
        KeyedBuckets buckets = new KeyedBuckets(Rate.valueOf("2/1m"), 100, now::get);
        buckets.tryTake("10.0.0.1");
        buckets.tryTake("10.0.0.1");
        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(buckets.size()).isZero();
        assertThat(buckets.tryTake("10.0.0.1")).as("a full bucket, as it would have refilled").isZero();
        assertThat(buckets.tryTake("10.0.0.1")).isZero();
        assertThat(buckets.tryTake("10.0.0.1")).isPositive();
    }

    @Test
    void aFloodOfKeys_staysWithinTheBound() {
        KeyedBuckets buckets = new KeyedBuckets(Rate.valueOf("2/1m"), 100, now::get);
        for (int i = 0; i < 10_000; i++) {
            buckets.tryTake("key-" + i);
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void aRefund_givesTheTokenBack() {
        KeyedBuckets buckets = new KeyedBuckets(Rate.valueOf("1/1h"), 100, now::get);
        assertThat(buckets.tryTake("alice")).isZero();
        buckets.refund("alice");
        assertThat(buckets.tryTake("alice")).isZero();
        assertThat(buckets.tryTake("alice")).isPositive();
    }
}
