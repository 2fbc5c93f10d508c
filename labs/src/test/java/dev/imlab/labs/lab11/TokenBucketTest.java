package dev.imlab.labs.lab11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Time is {@link #now}, in nanoseconds, moved by the test; no test sleeps. */
@Tag("lab11")
class TokenBucketTest {
    static final long SECOND = 1_000_000_000L;
    static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    private TokenBucket bucket(long capacity, Duration period) {
        return new TokenBucket(capacity, period, now::get);
    }

    @Test
    void aFullBucket_givesItsCapacityAtOnce_thenRefusesWithTheTimeUntilTheNextToken() {
        TokenBucket bucket = bucket(3, Duration.ofSeconds(3));
        assertThat(bucket.tryTake(1)).isZero();
        assertThat(bucket.tryTake(1)).isZero();
        assertThat(bucket.tryTake(1)).isZero();

        // Floating point may be a nanosecond or two either way.
        assertThat(bucket.tryTake(1)).as("1 token at 1 per second").isCloseTo(SECOND, within(2L));
        now.addAndGet(SECOND / 2);
        assertThat(bucket.tryTake(1)).as("half of it refilled already").isCloseTo(SECOND / 2, within(2L));
        now.addAndGet(SECOND / 2);
        assertThat(bucket.tryTake(1)).isZero();
    }

    @Test
    void aClientThatWaitsRetryAfterMs_getsIn_andOneThatWaitsClearlyLessDoesNot() {
        TokenBucket bucket = bucket(10, Duration.ofMinutes(1)); // a token every 6 s
        for (int i = 0; i < 10; i++) {
            bucket.tryTake(1);
        }
        now.addAndGet(SECOND);
        long wait = bucket.tryTake(1);
        assertThat(wait).isCloseTo(5 * SECOND, within(2L));
        long retryAfterMs = TokenBucket.retryAfterMs(wait);

        // Rounded up to whole milliseconds, and floating point may add one: 2 ms early is early.
        now.addAndGet((retryAfterMs - 2) * MS);
        assertThat(bucket.tryTake(1)).as("2 ms early").isPositive();
        now.addAndGet(2 * MS);
        assertThat(bucket.tryTake(1)).as("after retryAfterMs").isZero();
    }

    @Test
    void refillsContinuously_butNeverAboveTheCapacity() {
        TokenBucket bucket = bucket(4, Duration.ofSeconds(4));
        assertThat(bucket.tryTake(4)).isZero();
        now.addAndGet(2 * SECOND);
        assertThat(bucket.tryTake(2)).as("2 s refilled 2 tokens").isZero();
        assertThat(bucket.tryTake(1)).isPositive();

        now.addAndGet(3600 * SECOND); // an hour idle
        assertThat(bucket.tryTake(4)).isZero();
        assertThat(bucket.tryTake(1)).as("capped at 4, not an hour's worth").isPositive();
    }

    @Test
    void aTakeOfSeveral_isAllOrNothing() {
        TokenBucket bucket = bucket(5, Duration.ofSeconds(5));
        assertThat(bucket.tryTake(2)).isZero();

        assertThat(bucket.tryTake(5)).as("3 left, 5 wanted: 2 s to wait").isCloseTo(2 * SECOND, within(2L));
        assertThat(bucket.tryTake(3)).as("the refused take took nothing").isZero();
    }

    @Test
    void aTakeAboveTheCapacity_passesFromAFullBucket_intoDebt() {
        TokenBucket bytes = bucket(1000, Duration.ofSeconds(1)); // bytes per second: one frame may be larger
        assertThat(bytes.tryTake(1500)).as("from a full bucket").isZero();

        assertThat(bytes.tryTake(1)).as("500 of debt and one more, at 1000/s").isCloseTo(501 * MS, within(2L));
        now.addAndGet(SECOND / 2);
        assertThat(bytes.tryTake(1500)).as("not full yet").isPositive();
    }

    @Test
    void aRefund_givesTokensBack_upToTheCapacity() {
        TokenBucket bucket = bucket(1, Duration.ofMinutes(1));
        assertThat(bucket.tryTake(1)).isZero();
        bucket.refund(1);
        assertThat(bucket.tryTake(1)).isZero();

        bucket.refund(5);
        assertThat(bucket.tryTake(1)).isZero();
        assertThat(bucket.tryTake(1)).as("a refund does not grow the bucket").isPositive();
    }

    @Test
    void aClockReadThatComesInLate_addsNothing_andDoesNotMoveTheBucketsTimeBack() {
        TokenBucket bucket = bucket(2, Duration.ofSeconds(2)); // a token a second
        assertThat(bucket.tryTake(2)).isZero();
        now.addAndGet(SECOND);
        assertThat(bucket.tryTake(1)).isZero();

        now.addAndGet(-SECOND / 2); // a thread that read the time earlier, and got the lock later
        assertThat(bucket.tryTake(1)).as("nothing refilled").isPositive();
        now.addAndGet(2 * SECOND); // 1.5 s after the last take: 1.5 tokens
        assertThat(bucket.tryTake(1)).isZero();
        assertThat(bucket.tryTake(1)).as("half a token left; a bucket whose time went back would have one").isPositive();
    }

    @Test
    void retryAfterMs_roundsUp_andIsAtLeastOne() {
        assertThat(TokenBucket.retryAfterMs(1)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterMs(MS)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterMs(MS + 1)).as("a client told 1 ms would come back too early").isEqualTo(2);
        assertThat(TokenBucket.retryAfterMs(SECOND)).isEqualTo(1000);
    }
}
