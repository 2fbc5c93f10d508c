package dev.imlab.labs.lab01;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The routing decisions, without a broker. PartitioningTest checks them against a real one. */
@Tag("lab01")
class RoutingTest {

    @Test
    void conversationOf_singleChat_isTheSameWhoeverSends() {
        assertThat(Routing.conversationOf("alice", "bob", null)).isEqualTo("si_alice_bob");
        assertThat(Routing.conversationOf("bob", "alice", null)).isEqualTo("si_alice_bob");
    }

    @Test
    void conversationOf_ordersUserIdsByCompareTo_notByLocaleOrCase() {
        // 'B' is 66 and 'a' is 97: every client, in every language, must build the same id.
        assertThat(Routing.conversationOf("alice", "Bob", null)).isEqualTo("si_Bob_alice");
        assertThat(Routing.conversationOf("user10", "user9", null)).isEqualTo("si_user10_user9");
    }

    @Test
    void conversationOf_groupMessage_isSgAndTheGroupId() {
        assertThat(Routing.conversationOf("alice", null, "g1")).isEqualTo("sg_g1");
    }

    @Test
    void conversationOf_refusesSendingToYourself_andAmbiguousTargets() {
        assertThat(Routing.conversationOf("alice", "bob", null)).isEqualTo("si_alice_bob");

        assertThatIllegalArgumentException().isThrownBy(() -> Routing.conversationOf("alice", "alice", null));
        assertThatIllegalArgumentException().isThrownBy(() -> Routing.conversationOf("alice", "bob", "g1"));
        assertThatIllegalArgumentException().isThrownBy(() -> Routing.conversationOf("alice", null, null));
    }

    @Test
    void partitionOf_agreesWithKafkasOwnPartitioner_forEveryKey() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            String key = "si_u" + random.nextInt(1_000_000) + "_v" + random.nextInt(1_000_000);
            for (int partitions : new int[] {1, 3, 8, 64}) {
                int kafkas = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
                assertThat(Routing.partitionOf(key, partitions)).as("partition of %s among %d", key, partitions)
                        .isEqualTo(kafkas);
            }
        }
    }
}
