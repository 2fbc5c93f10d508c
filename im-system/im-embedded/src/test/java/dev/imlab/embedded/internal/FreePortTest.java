package dev.imlab.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void pick_neverHandsOutAPortTwiceInOneJvm() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertThat(ports.add(FreePort.pick())).as("pick %d", i).isTrue();
        }
    }

    @Test
    void orPick_keepsAGivenPortAndRejectsImpossibleOnes() {
        assertThat(FreePort.orPick(9092)).isEqualTo(9092);
        assertThat(FreePort.orPick(0)).isPositive();
        assertThatThrownBy(() -> FreePort.orPick(70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
