package dev.imlab.labs.lab02;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab02")
class ReorderBufferTest {
    private static final String CHAT = "si_alice_bob";
    private static final String GROUP = "sg_g1";

    /** What the buffer told its listener, in order. */
    private final List<Message> delivered = new ArrayList<>();
    private final List<String> pulls = new ArrayList<>();
    private final ReorderBuffer buffer = new ReorderBuffer(new ReorderBuffer.Listener() {
        @Override
        public void deliver(Message message) {
            delivered.add(message);
        }

        @Override
        public void pull(String conversationId, long fromSeq, long toSeq) {
            pulls.add(conversationId + " " + fromSeq + ".." + toSeq);
        }
    });

    @Test
    void offer_deliversAtOnce_whenSeqsComeInOrder() {
        offer(CHAT, 1, 2, 3);

        assertThat(seqsDelivered()).containsExactly(1L, 2L, 3L);
        assertThat(pulls).isEmpty();
        assertThat(buffer.delivered(CHAT)).isEqualTo(3);
    }

    @Test
    void offer_holdsMessagesAfterAGap_andAsksForTheGapOnce() {
        offer(CHAT, 4, 5);

        assertThat(seqsDelivered()).isEmpty();
        assertThat(pulls).containsExactly(CHAT + " 1..3");
        assertThat(buffer.delivered(CHAT)).isZero();
    }

    @Test
    void offer_deliversTheWaitingMessages_inOrder_whenTheGapIsFilled() {
        offer(CHAT, 4, 5, 2, 1);
        assertThat(seqsDelivered()).containsExactly(1L, 2L);

        offer(CHAT, 3);

        assertThat(seqsDelivered()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void offer_dropsDuplicates_ofDeliveredAndOfWaitingMessages() {
        offer(CHAT, 1, 2, 1, 4, 4, 2);
        offer(CHAT, 3, 3, 4);

        assertThat(seqsDelivered()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void offer_asksForEachNewHole_once() {
        offer(CHAT, 3);
        offer(CHAT, 6);
        offer(CHAT, 5, 7);
        assertThat(pulls).containsExactly(CHAT + " 1..2", CHAT + " 4..5");

        offer(CHAT, 1, 2, 4);

        assertThat(seqsDelivered()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(pulls).hasSize(2);
    }

    @Test
    void startAfter_theDevicesCursor_treatsEarlierSeqsAsDelivered() {
        buffer.startAfter(CHAT, 10);

        offer(CHAT, 9, 10, 12);
        assertThat(pulls).containsExactly(CHAT + " 11..11");
        offer(CHAT, 11);

        assertThat(seqsDelivered()).containsExactly(11L, 12L);
    }

    @Test
    void conversations_areIndependent() {
        offer(CHAT, 1, 3);
        offer(GROUP, 1, 2);

        assertThat(delivered).extracting(m -> m.conversationId() + "#" + m.seq())
                .containsExactly(CHAT + "#1", GROUP + "#1", GROUP + "#2");
        assertThat(pulls).containsExactly(CHAT + " 2..2");
    }

    /**
     * Pushes of 300 messages arrive shuffled within a window, 10% lost, 10% twice; every pull is
     * answered from the server's log. The server re-sends the last push at the end, as it does
     * for pushes that were not acked, so that a lost tail shows up as a gap too.
     */
    @Test
    void aLossyReorderingLink_stillDeliversEveryMessageOnce_inOrder() {
        Random random = new Random(7);
        List<Message> log = new ArrayList<>();
        for (long seq = 1; seq <= 300; seq++) {
            log.add(message(CHAT, seq));
        }
        List<Message> pushes = new ArrayList<>();
        for (Message m : log) {
            int copies = random.nextInt(10) == 0 ? 0 : random.nextInt(10) == 0 ? 2 : 1;
            pushes.addAll(Collections.nCopies(copies, m));
        }
        for (int i = 0; i + 8 <= pushes.size(); i += 8) {
            Collections.shuffle(pushes.subList(i, i + 8), random);
        }
        pushes.add(log.get(log.size() - 1));

        Deque<String> answered = new ArrayDeque<>();
        for (Message push : pushes) {
            buffer.offer(push);
            while (answered.size() < pulls.size()) {
                String pull = pulls.get(answered.size());
                answered.add(pull);
                String[] range = pull.substring(pull.indexOf(' ') + 1).split("\\.\\.");
                for (long seq = Long.parseLong(range[0]); seq <= Long.parseLong(range[1]); seq++) {
                    buffer.offer(log.get((int) seq - 1));
                }
            }
        }

        assertThat(seqsDelivered())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().collect(Collectors.toList()));
    }

    private void offer(String conversationId, long... seqs) {
        for (long seq : seqs) {
            buffer.offer(message(conversationId, seq));
        }
    }

    private List<Long> seqsDelivered() {
        return delivered.stream().map(Message::seq).collect(Collectors.toList());
    }

    private static Message message(String conversationId, long seq) {
        return new Message(conversationId, seq, "alice", "message " + seq, "c" + seq, 1_000 + seq, null);
    }
}
