package dev.imlab.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucket_givesItsBurst_thenRefusesWithTheTimeUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(new Rate(3, Duration.ofSeconds(3)), 0);
        assertThat(bucket.tryTake(1, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isZero();

        assertThat(bucket.tryTake(1, 0)).isCloseTo(SECOND, within(2L)); // floating point: a nanosecond either way
        assertThat(bucket.tryTake(1, SECOND / 2)).isCloseTo(SECOND / 2, within(2L));
        assertThat(bucket.tryTake(1, SECOND)).isZero();
    }

    @Test
    void aClientThatWaitsItsRetryAfterMs_isLetIn_despiteFloatingPoint() {
        TokenBucket bucket = new TokenBucket(new Rate(10, Duration.ofMinutes(1)), 0);
        for (int i = 0; i < 10; i++) {
            bucket.tryTake(1, 0);
        }
        long wait = bucket.tryTake(1, SECOND); // 1/6 of a token refilled, 5 s to the next
        long retryMs = TokenBucket.toRetryMs(wait);

        assertThat(bucket.tryTake(1, SECOND + (retryMs - 2) * 1_000_000)).as("2 ms early").isPositive();
        assertThat(bucket.tryTake(1, SECOND + retryMs * 1_000_000)).as("sums of refills: 0.9999999999 tokens")
                .isZero();
    }

    @Test
    void refillsUpToItsCapacityOnly() {
        TokenBucket bucket = new TokenBucket(new Rate(2, Duration.ofSeconds(2)), 0);
        assertThat(bucket.tryTake(2, 0)).isZero();
        long hourLater = 3600 * SECOND;
        assertThat(bucket.tryTake(2, hourLater)).isZero();
        assertThat(bucket.tryTake(1, hourLater)).isPositive();
    }

    @Test
    void costsInBytes_andACostOverTheCapacityPassesFromAFullBucketIntoDebt() {
        TokenBucket bytes = new TokenBucket(new Rate(1000, Duration.ofSeconds(1)), 0);
        assertThat(bytes.tryTake(600, 0)).isZero();
        assertThat(bytes.tryTake(600, 0)).as("200 bytes missing at 1000/s").isCloseTo(SECOND / 5, within(2L));
        TokenBucket small = new TokenBucket(new Rate(10, Duration.ofSeconds(1)), 0);
        assertThat(small.tryTake(50, 0)).isZero();
        assertThat(small.tryTake(1, 0)).as("41 tokens of debt and one more").isCloseTo(SECOND * 41 / 10, within(2L));
    }

    @Test
    void aRefundGivesTokensBack() {
        TokenBucket bucket = new TokenBucket(new Rate(1, Duration.ofMinutes(1)), 0);
        assertThat(bucket.tryTake(1, 0)).isZero();
        bucket.refund(1, 0);
        assertThat(bucket.tryTake(1, 0)).isZero();
    }

    @Test
    void retryMs_roundsUp_andIsAtLeastOne() {
        assertThat(TokenBucket.toRetryMs(1)).isEqualTo(1);
        assertThat(TokenBucket.toRetryMs(1_000_001)).isEqualTo(2);
        assertThat(TokenBucket.toRetryMs(SECOND)).isEqualTo(1000);
    }
}
