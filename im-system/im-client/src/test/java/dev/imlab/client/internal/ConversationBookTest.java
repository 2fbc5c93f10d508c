package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.Conversation;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import dev.imlab.protocol.frame.ServerFrame.ReadReceipt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationBookTest {
    private static final String CHAT = "si_alice_bob";
    private static final String GROUP = "sg_team";

    private final List<String> told = new ArrayList<>();
    private final ConversationBook book = new ConversationBook("alice", callbacks());

    // ---- unread as PROTOCOL.md defines it -------------------------------------------------

    @Test
    void synced_countsUnread_asMaxSeqMinusTheHigherOfReadSeqAndMinSeqMinusOne() {
        book.synced(state(CHAT, 10, 1, 2, null));  // nothing expired: 10 - 2
        book.synced(state(GROUP, 10, 6, 2, null)); // 3..5 expired unread: 10 - 5

        assertThat(book.snapshot(CHAT).unread()).isEqualTo(8);
        assertThat(book.snapshot(GROUP).unread()).isEqualTo(5);
        assertThat(told).containsExactly("unread si_alice_bob 8", "unread sg_team 5", "expired sg_team 6");
    }

    @Test
    void unread_isNeverBelowZero_whenTheReadSeqIsAboveMaxSeq() {
        book.synced(state(CHAT, 3, 1, 7, null)); // OpenIM #3539: a read seq above maxSeq

        assertThat(book.snapshot(CHAT).unread()).isZero();
    }

    @Test
    void synced_neverMovesAValueBack_whenALaterAnswerIsBehind() {
        book.synced(state(CHAT, 10, 4, 8, 6L));

        book.synced(state(CHAT, 9, 1, 5, 2L));

        assertThat(book.snapshot(CHAT)).isEqualTo(new Conversation(CHAT, 10, 4, 8, 2, 6));
    }

    // ---- messages -------------------------------------------------------------------------

    @Test
    void delivered_fromAnotherUser_addsOneUnread() {
        book.delivered(text(GROUP, 1, "carol"));
        book.delivered(text(GROUP, 2, "bob"));

        assertThat(book.snapshot(GROUP).unread()).isEqualTo(2);
        assertThat(told).containsExactly("unread sg_team 1", "unread sg_team 2");
    }

    @Test
    void delivered_ofAMessageTheSyncAlreadyCounted_changesNothing() {
        book.synced(state(CHAT, 5, 1, 3, null));
        told.clear();

        book.delivered(text(CHAT, 4, "bob"));
        book.delivered(text(CHAT, 5, "bob"));

        assertThat(book.snapshot(CHAT).unread()).isEqualTo(2);
        assertThat(told).noneMatch(event -> event.startsWith("unread"));
    }

    @Test
    void delivered_ownMessage_movesTheReadSeq_soNothingBeforeItIsUnread() {
        book.delivered(text(GROUP, 1, "carol"));
        book.delivered(text(GROUP, 2, "carol"));

        book.delivered(text(GROUP, 3, "alice"));

        assertThat(book.snapshot(GROUP).readSeq()).isEqualTo(3);
        assertThat(book.snapshot(GROUP).unread()).isZero();
    }

    @Test
    void delivered_peersMessageInASingleChat_movesThePeersReadSeq_butAGroupMembersDoesNot() {
        book.delivered(text(CHAT, 1, "bob"));
        book.delivered(text(GROUP, 1, "bob"));

        assertThat(book.snapshot(CHAT).peerReadSeq()).isEqualTo(1);
        assertThat(book.snapshot(GROUP).peerReadSeq()).isZero();
        assertThat(told).contains("peer-read si_alice_bob 1").doesNotContain("peer-read sg_team 1");
    }

    @Test
    void delivered_recall_countsAsAMessage_asTheServerCountsIt() {
        book.delivered(text(CHAT, 1, "bob"));
        book.delivered(Message.recall(CHAT, 2, "bob", "b-2", 1_002, null, 1));

        assertThat(book.snapshot(CHAT).unread()).isEqualTo(2);
    }

    // ---- reads ----------------------------------------------------------------------------

    @Test
    void read_movesTheReadSeq_andReturnsWhereTo() {
        book.synced(state(CHAT, 5, 1, 0, null));

        assertThat(book.read(CHAT, 3)).isEqualTo(3);
        assertThat(book.snapshot(CHAT).unread()).isEqualTo(2);
    }

    @Test
    void read_neverMovesBack() {
        book.synced(state(CHAT, 5, 1, 4, null));

        assertThat(book.read(CHAT, 2)).isZero();
        assertThat(book.read(CHAT, 4)).isZero();
        assertThat(book.snapshot(CHAT).readSeq()).isEqualTo(4);
    }

    @Test
    void read_stopsAtTheLastKnownSeq_andIsNothing_forAConversationNotKnown() {
        book.synced(state(CHAT, 5, 1, 0, null));

        assertThat(book.read(CHAT, 99)).isEqualTo(5);
        assertThat(book.read(GROUP, 1)).isZero();
        assertThat(book.snapshot(GROUP)).isNull();
    }

    // ---- read receipts --------------------------------------------------------------------

    @Test
    void receipt_ofTheUser_movesItsReadSeq() {
        book.synced(state(CHAT, 5, 1, 0, 0L));

        book.receipt(new ReadReceipt(CHAT, "alice", 4));

        assertThat(book.snapshot(CHAT).readSeq()).isEqualTo(4);
        assertThat(book.snapshot(CHAT).unread()).isEqualTo(1);
    }

    @Test
    void receipt_ofThePeer_movesThePeersReadSeq_onlyUp() {
        book.synced(state(CHAT, 5, 1, 5, 3L));

        book.receipt(new ReadReceipt(CHAT, "bob", 4));
        book.receipt(new ReadReceipt(CHAT, "bob", 2)); // late, best effort

        assertThat(book.snapshot(CHAT).peerReadSeq()).isEqualTo(4);
        assertThat(book.snapshot(CHAT).readSeq()).isEqualTo(5);
        assertThat(told).containsExactly("peer-read si_alice_bob 3", "peer-read si_alice_bob 4");
    }

    @Test
    void receipt_ofSomeoneElse_changesNothing() {
        book.synced(state(GROUP, 5, 1, 0, null));

        book.receipt(new ReadReceipt(GROUP, "carol", 5)); // PROTOCOL.md: not sent to other members; ignored if it were

        assertThat(book.snapshot(GROUP)).isEqualTo(new Conversation(GROUP, 5, 1, 0, 5, 0));
    }

    // ---- expiry ---------------------------------------------------------------------------

    @Test
    void expiredBelow_raisesMinSeq_lowersUnread_andIsToldOncePerRise() {
        book.synced(state(CHAT, 10, 1, 0, null));
        told.clear();

        book.expiredBelow(CHAT, 4);
        book.expiredBelow(CHAT, 4);
        book.expiredBelow(CHAT, 2);

        assertThat(book.snapshot(CHAT).minSeq()).isEqualTo(4);
        assertThat(book.snapshot(CHAT).unread()).isEqualTo(7);
        assertThat(told).containsExactly("unread si_alice_bob 7", "expired si_alice_bob 4");
    }

    private Callbacks callbacks() {
        Callbacks callbacks = new Callbacks(new DirectExecutor());
        callbacks.onUnread((id, n) -> told.add("unread " + id + " " + n));
        callbacks.onPeerRead((id, seq) -> told.add("peer-read " + id + " " + seq));
        callbacks.onExpired((id, seq) -> told.add("expired " + id + " " + seq));
        return callbacks;
    }

    private static ConversationState state(String conversationId, long maxSeq, long minSeq, long readSeq,
                                           Long peerReadSeq) {
        long unread = Math.max(0, maxSeq - Math.max(readSeq, minSeq - 1));
        return new ConversationState(conversationId, maxSeq, 0, minSeq, readSeq, unread, peerReadSeq);
    }

    private static Message text(String conversationId, long seq, String from) {
        String groupId = conversationId.startsWith("sg_") ? conversationId.substring(3) : null;
        return new Message(conversationId, seq, from, "m" + seq, from + "-" + seq, 1_000 + seq, groupId);
    }
}
