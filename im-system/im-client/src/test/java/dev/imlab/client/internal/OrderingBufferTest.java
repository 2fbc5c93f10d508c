package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OrderingBufferTest {
    private static final String CHAT = "si_alice_bob";
    private static final String GROUP = "sg_team";

    private final List<String> events = new ArrayList<>();
    private final OrderingBuffer buffer = new OrderingBuffer(new OrderingBuffer.Listener() {
        @Override
        public void deliver(Message message) {
            events.add("deliver " + message.conversationId() + " " + message.seq());
        }

        @Override
        public void skip(String conversationId, long seq) {
            events.add("skip " + conversationId + " up to " + seq);
        }

        @Override
        public void duplicate(String conversationId) {
            events.add("duplicate " + conversationId);
        }

        @Override
        public void pull(String conversationId, long fromSeq, long toSeq) {
            events.add("pull " + conversationId + " " + fromSeq + ".." + toSeq);
        }
    });

    @Test
    void offerPush_deliversInSeqOrder_whenPushesComeInOrder() {
        buffer.synced(List.of());

        buffer.offerPush(message(CHAT, 1));
        buffer.offerPush(message(CHAT, 2));

        assertThat(events).containsExactly("deliver si_alice_bob 1", "deliver si_alice_bob 2");
    }

    @Test
    void offerPush_holdsMessages_untilTheFirstSyncSaysWhereToStart() {
        buffer.offerPush(message(CHAT, 4));
        buffer.offerPush(message(CHAT, 5));
        assertThat(events).isEmpty();

        buffer.synced(List.of(new ConversationState(CHAT, 5, 4)));

        assertThat(events).containsExactly("deliver si_alice_bob 5");
    }

    @Test
    void offerPush_dropsAndReportsDuplicate_whenSeqIsAtOrBelowDelivered() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 1));

        buffer.offerPush(message(CHAT, 1));

        assertThat(events).containsExactly("deliver si_alice_bob 1", "duplicate si_alice_bob");
    }

    @Test
    void offer_dropsOwnDuplicate_withoutAskingForAReAck() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 1));

        buffer.offer(message(CHAT, 1));

        assertThat(events).containsExactly("deliver si_alice_bob 1");
    }

    @Test
    void offerPush_pullsTheGap_andDeliversInOrder_whenThePullFillsIt() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 1));
        buffer.offerPush(message(CHAT, 4));
        assertThat(events).containsExactly("deliver si_alice_bob 1", "pull si_alice_bob 2..3");

        buffer.pulled(CHAT, 3, 200, 1, List.of(message(CHAT, 2), message(CHAT, 3)));

        assertThat(events).containsExactly("deliver si_alice_bob 1", "pull si_alice_bob 2..3",
                "deliver si_alice_bob 2", "deliver si_alice_bob 3", "deliver si_alice_bob 4");
    }

    @Test
    void offerPush_asksForAGapOnce_whileItsPullIsInFlight() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 3));
        buffer.offerPush(message(CHAT, 4));

        assertThat(events).containsExactly("pull si_alice_bob 1..2");
    }

    @Test
    void pulled_asksForTheNextGap_onceTheFirstIsFilled() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 2));
        buffer.offerPush(message(CHAT, 4));

        buffer.pulled(CHAT, 1, 200, 1, List.of(message(CHAT, 1)));

        assertThat(events).containsExactly("pull si_alice_bob 1..1",
                "deliver si_alice_bob 1", "deliver si_alice_bob 2", "pull si_alice_bob 3..3");
    }

    @Test
    void pulled_asksForTheRest_whenTheAnswerIsAFullPage() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 301));

        buffer.pulled(CHAT, 300, 200, 1, messages(CHAT, 1, 200));

        assertThat(events).first().isEqualTo("pull si_alice_bob 1..300");
        assertThat(events).last().isEqualTo("pull si_alice_bob 201..300");
        assertThat(events).hasSize(202);
    }

    @Test
    void pulled_skipsSeqsItDoesNotReturn_whenTheUserJoinedTheGroupLater() {
        buffer.synced(List.of());
        buffer.offerPush(message(GROUP, 11));

        buffer.pulled(GROUP, 10, 200, 1, List.of());

        assertThat(events).containsExactly("pull sg_team 1..10", "skip sg_team up to 10", "deliver sg_team 11");
    }

    @Test
    void pulled_neverSkipsPastTheHighestKnownSeq_soThatFutureMessagesStillCount() {
        buffer.synced(List.of(new ConversationState(CHAT, 2, 0)));

        buffer.pulled(CHAT, 100, 200, 1, messages(CHAT, 1, 2));
        buffer.offerPush(message(CHAT, 3));

        assertThat(events).containsExactly("deliver si_alice_bob 1", "deliver si_alice_bob 2", "deliver si_alice_bob 3");
    }

    @Test
    void offerPush_asksAgain_afterTheGapPullFailed() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 3));

        buffer.pullFailed(CHAT, 1, 2);
        buffer.offerPush(message(CHAT, 4));

        assertThat(events).containsExactly("pull si_alice_bob 1..2", "pull si_alice_bob 1..2");
    }

    @Test
    void synced_startsUnlistedConversationsAtZero() {
        buffer.offerPush(message(CHAT, 1));

        buffer.synced(List.of(new ConversationState(GROUP, 0, 0)));

        assertThat(events).containsExactly("deliver si_alice_bob 1");
        assertThat(buffer.delivered(CHAT)).isEqualTo(1);
        assertThat(buffer.delivered(GROUP)).isZero();
    }

    // ---- expiry (PROTOCOL.md v2) ---------------------------------------------------------

    @Test
    void synced_pullsTheGapFromMinSeq_notFromTheCursor() {
        buffer.offerPush(message(CHAT, 7));

        buffer.synced(List.of(state(CHAT, 7, 2, 5)));

        assertThat(events).containsExactly("skip si_alice_bob up to 4", "pull si_alice_bob 5..6");
    }

    @Test
    void synced_waitsForNothing_whenEverythingExpired() {
        buffer.synced(List.of(state(CHAT, 4, 0, 5)));
        buffer.offerPush(message(CHAT, 5));

        assertThat(events).containsExactly("skip si_alice_bob up to 4", "deliver si_alice_bob 5");
    }

    @Test
    void expiredBelow_deliversWhatIsHeldBelowMinSeq_andSkipsOnlyWhatIsMissing() {
        buffer.synced(List.of());
        buffer.offerPush(message(CHAT, 2));
        buffer.offerPush(message(CHAT, 5));

        buffer.expiredBelow(CHAT, 4);

        assertThat(events).containsExactly("pull si_alice_bob 1..1",
                "skip si_alice_bob up to 1", "deliver si_alice_bob 2", "skip si_alice_bob up to 3",
                "pull si_alice_bob 4..4");
    }

    private static ConversationState state(String conversationId, long maxSeq, long ackedSeq, long minSeq) {
        return new ConversationState(conversationId, maxSeq, ackedSeq, minSeq, 0, 0, null);
    }

    private static Message message(String conversationId, long seq) {
        String groupId = conversationId.startsWith("sg_") ? conversationId.substring(3) : null;
        return new Message(conversationId, seq, "bob", "m" + seq, "bob-phone-" + seq, 1_000 + seq, groupId);
    }

    private static List<Message> messages(String conversationId, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> message(conversationId, seq)).toList();
    }
}
