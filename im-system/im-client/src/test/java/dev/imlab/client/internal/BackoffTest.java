package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(100, 5_000, new Random(42));

    @Test
    void delay_doublesPerAttempt_withinHalfToFullOfTheCeiling() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delayMillis(0)).isBetween(50L, 100L);
            assertThat(backoff.delayMillis(1)).isBetween(100L, 200L);
            assertThat(backoff.delayMillis(3)).isBetween(400L, 800L);
        }
    }

    @Test
    void delay_staysAtTheMaximum_forLateAttempts() {
        for (int attempt = 6; attempt < 200; attempt++) {
            assertThat(backoff.delayMillis(attempt)).isBetween(2_500L, 5_000L);
        }
    }

    @Test
    void delay_isSpreadOut_soThatClientsDoNotReturnTogether() {
        long distinct = IntStream.range(0, 200).mapToLong(i -> backoff.delayMillis(4)).distinct().count();

        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void constructor_refusesMaximumBelowInitial() {
        assertThatThrownBy(() -> new Backoff(100, 50, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial 100 ms, max 50 ms");
    }
}
