package dev.imlab.labs.lab04;

import static dev.imlab.labs.lab04.Chats.ALICE_BOB;
import static dev.imlab.labs.lab04.Chats.ALICE_CAROL;
import static dev.imlab.labs.lab04.Chats.append;
import static dev.imlab.labs.lab04.Chats.refusal;
import static dev.imlab.labs.lab04.Chats.seqs;
import static dev.imlab.protocol.ErrorCode.INVALID_FIELD;
import static dev.imlab.protocol.ErrorCode.NOT_MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab04")
class SyncServiceTest {
    private final Database db = new Database();
    private final MessageLog log = new MessageLog(db);
    private final SyncService server = new SyncService(log, new DeviceCursors(db));

    @Test
    void sync_listsEachChatOfTheUser_withItsMaxSeq_andThisDevicesCursor() {
        append(log, ALICE_BOB, 1, 12);
        append(log, ALICE_CAROL, 1, 3);
        server.ack("alice", "phone", ALICE_BOB, 10);

        assertThat(server.sync("alice", "phone")).containsExactly(
                new ConversationState(ALICE_BOB, 12, 10), new ConversationState(ALICE_CAROL, 3, 0));
        assertThat(server.sync("alice", "laptop")).containsExactly(
                new ConversationState(ALICE_BOB, 12, 0), new ConversationState(ALICE_CAROL, 3, 0));
        assertThat(server.sync("carol", "phone")).containsExactly(new ConversationState(ALICE_CAROL, 3, 0));
        assertThat(server.sync("dave", "phone")).isEmpty();
    }

    @Test
    void pull_returnsTheLowestSeqsOfTheRange_atMost200_whateverTheLimit() {
        append(log, ALICE_BOB, 1, 250);

        assertThat(seqs(server.pull("bob", ALICE_BOB, 5, 250, 3))).containsExactly(5L, 6L, 7L);
        assertThat(server.pull("bob", ALICE_BOB, 1, 250, null)).as("pull without a limit").hasSize(200);
        assertThat(server.pull("bob", ALICE_BOB, 1, 250, 1_000)).as("pull with limit 1000").hasSize(200);
        assertThat(server.pull("bob", ALICE_BOB, 240, 999, null)).as("pull past the last seq").hasSize(11);
    }

    @Test
    void pull_refusesNonMembers_backwardRanges_andLimitsBelowOne() {
        append(log, ALICE_BOB, 1, 5);
        assertThat(server.pull("alice", ALICE_BOB, 1, 5, null)).hasSize(5);

        assertThat(refusal(() -> server.pull("carol", ALICE_BOB, 1, 5, null))).isEqualTo(NOT_MEMBER);
        assertThat(refusal(() -> server.pull("alice", ALICE_BOB, 4, 3, null))).isEqualTo(INVALID_FIELD);
        assertThat(refusal(() -> server.pull("alice", ALICE_BOB, 0, 3, null))).isEqualTo(INVALID_FIELD);
        assertThat(refusal(() -> server.pull("alice", ALICE_BOB, 1, 3, 0))).isEqualTo(INVALID_FIELD);
    }

    @Test
    void ack_isRefusedBeyondTheLastSeq_andForNonMembers() {
        append(log, ALICE_BOB, 1, 5);
        server.ack("bob", "phone", ALICE_BOB, 5);

        assertThat(refusal(() -> server.ack("bob", "phone", ALICE_BOB, 6))).isEqualTo(INVALID_FIELD);
        assertThat(refusal(() -> server.ack("carol", "phone", ALICE_BOB, 1))).isEqualTo(NOT_MEMBER);
        assertThat(server.sync("bob", "phone")).containsExactly(new ConversationState(ALICE_BOB, 5, 5));
    }
}
