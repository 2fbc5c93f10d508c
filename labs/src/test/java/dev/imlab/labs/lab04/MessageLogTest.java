package dev.imlab.labs.lab04;

import static dev.imlab.labs.lab04.Chats.ALICE_BOB;
import static dev.imlab.labs.lab04.Chats.ALICE_CAROL;
import static dev.imlab.labs.lab04.Chats.append;
import static dev.imlab.labs.lab04.Chats.message;
import static dev.imlab.labs.lab04.Chats.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab04")
class MessageLogTest {
    private final Database db = new Database();
    private final MessageLog log = new MessageLog(db);

    @Test
    void key_isTheConversationThenTheSeq_andKeysOfAConversationSortBySeq() {
        List<String> keys = new ArrayList<>();
        for (long seq = 1; seq <= 1_000; seq++) {
            keys.add(MessageLog.key(ALICE_BOB, seq));
        }

        assertThat(MessageLog.key(ALICE_BOB, 42)).startsWith(ALICE_BOB).endsWith("42");
        assertThat(keys).as("keys of seqs 1..1000, in seq order").isSorted().doesNotHaveDuplicates();
        assertThat(MessageLog.key(ALICE_BOB, 1)).isNotEqualTo(MessageLog.key(ALICE_CAROL, 1));
    }

    @Test
    void append_recordsTheMaxSeq_andListsTheChatForBothUsers() {
        append(log, ALICE_BOB, 1, 3);
        append(log, ALICE_CAROL, 1, 1);

        assertThat(log.maxSeq(ALICE_BOB)).isEqualTo(3);
        assertThat(log.maxSeq("si_bob_carol")).isZero();
        assertThat(log.conversationsOf("alice")).containsExactly(ALICE_BOB, ALICE_CAROL);
        assertThat(log.conversationsOf("bob")).containsExactly(ALICE_BOB);
        assertThat(log.conversationsOf("dave")).isEmpty();
    }

    @Test
    void append_refusesASecondMessageUnderTheSameSeq_andKeepsTheFirst() {
        log.append(message(ALICE_BOB, 1, "alice", "first"));

        assertThatIllegalStateException().isThrownBy(() -> log.append(message(ALICE_BOB, 1, "bob", "second")));
        assertThat(log.range(ALICE_BOB, 1, 1, 10)).extracting(m -> m.body()).containsExactly("first");
    }

    @Test
    void range_readsOnlyTheKeysOfWhatItReturns_andNeverScans() {
        append(log, ALICE_BOB, 1, 100);
        long before = db.messages.keysRead();

        List<Long> tail = seqs(log.range(ALICE_BOB, 90, 1_000_000, 200));

        assertThat(tail).containsExactlyElementsOf(LongStream.rangeClosed(90, 100).boxed().collect(Collectors.toList()));
        assertThat(db.messages.keysRead() - before).as("message keys read for seqs 90..100").isLessThanOrEqualTo(11);
        assertThat(db.messages.scans()).as("scans of the messages").isZero();
    }

    @Test
    void range_returnsTheLowestLimitSeqsOfTheRange() {
        append(log, ALICE_BOB, 1, 100);

        assertThat(seqs(log.range(ALICE_BOB, 10, 100, 5))).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(log.range(ALICE_BOB, 101, 200, 5)).isEmpty();
        assertThat(log.range(ALICE_CAROL, 1, 10, 5)).isEmpty();
    }
}
