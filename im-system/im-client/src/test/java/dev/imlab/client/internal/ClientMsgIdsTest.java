package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.Ids;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientMsgIdsTest {

    @Test
    void next_neverRepeats_andStartsWithTheDeviceId() {
        ClientMsgIds ids = new ClientMsgIds("laptop", new Random(1));
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertThat(id).startsWith("laptop-");
            assertThat(Ids.isClientMsgId(id)).as(id).isTrue();
            assertThat(seen.add(id)).as("repeat: " + id).isTrue();
        }
    }

    @Test
    void next_differsBetweenInstances_soThatAnAppRestartDoesNotReuseIds() {
        ClientMsgIds beforeRestart = new ClientMsgIds("laptop", new Random(1));
        ClientMsgIds afterRestart = new ClientMsgIds("laptop", new Random(2));

        assertThat(beforeRestart.next()).isNotEqualTo(afterRestart.next());
    }

    @Test
    void next_staysWithinTheLengthLimit_forTheLongestDeviceId() {
        ClientMsgIds ids = new ClientMsgIds("d".repeat(Ids.MAX_ID_LENGTH), new Random(1));

        assertThat(ids.next()).hasSizeLessThanOrEqualTo(Ids.MAX_CLIENT_MSG_ID_LENGTH);
    }
}
