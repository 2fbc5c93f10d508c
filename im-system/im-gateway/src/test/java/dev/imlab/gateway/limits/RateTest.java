package dev.imlab.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void parsesBurstAndPeriod_inEachUnit() {
        assertThat(Rate.valueOf("60/1m")).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(Rate.valueOf(" 5 / 1h ")).isEqualTo(new Rate(5, Duration.ofHours(1)));
        assertThat(Rate.valueOf("1048576/4s")).isEqualTo(new Rate(1_048_576, Duration.ofSeconds(4)));
        assertThat(Rate.valueOf("3/500ms")).isEqualTo(new Rate(3, Duration.ofMillis(500)));
        assertThat(Rate.valueOf("2/1d")).isEqualTo(new Rate(2, Duration.ofDays(1)));
    }

    @Test
    void printsAsItIsWritten() {
        for (String rate : new String[] {"60/1m", "5/1h", "1048576/4s", "3/500ms", "2/1d", "90/90s"}) {
            assertThat(Rate.valueOf(rate)).hasToString(rate);
        }
    }

    @Test
    void refusesWhatIsNotARate_withTheReason() {
        assertThatThrownBy(() -> Rate.valueOf("60")).hasMessageContaining("N/D");
        assertThatThrownBy(() -> Rate.valueOf("x/1m")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Rate.valueOf("60/1w")).hasMessageContaining("unknown unit 'w'");
        assertThatThrownBy(() -> Rate.valueOf("60/m")).hasMessageContaining("a number and a unit");
        assertThatThrownBy(() -> Rate.valueOf("0/1m")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Rate.valueOf("5/0s")).hasMessageContaining("positive");
    }
}
