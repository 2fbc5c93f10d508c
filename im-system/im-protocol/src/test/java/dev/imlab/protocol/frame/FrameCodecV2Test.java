package dev.imlab.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frames and fields PROTOCOL.md's "v2 additions" brings, both ways. */
class FrameCodecV2Test {
    private final FrameCodec codec = new FrameCodec();

    @Test
    void readAndRecallAreDecodedWithTheirFields() {
        assertThat(codec.decodeClient("{\"type\":\"read\",\"conversationId\":\"si_a_b\",\"seq\":7}"))
                .isEqualTo(new ClientFrame.Read("si_a_b", 7));
        assertThat(codec.decodeClient("{\"type\":\"recall\",\"clientMsgId\":\"r-1\",\"conversationId\":\"sg_g1\",\"seq\":3}"))
                .isEqualTo(new ClientFrame.Recall("r-1", "sg_g1", 3));
    }

    @Test
    void aRecallWithoutSeqIsRefusedWithItsClientMsgIdAsRef() {
        assertThatThrownBy(() -> codec.decodeClient("{\"type\":\"recall\",\"clientMsgId\":\"r-2\",\"conversationId\":\"si_a_b\"}"))
                .isInstanceOfSatisfying(ImException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD);
                    assertThat(e.ref()).isEqualTo("r-2");
                });
        assertThatThrownBy(() -> codec.decodeClient("{\"type\":\"read\",\"conversationId\":\"si_a_b\",\"seq\":0}"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void syncLinesCarryMinSeqReadSeqAndUnread() {
        String json = codec.encode(new ServerFrame.SyncResult(List.of(
                new ServerFrame.ConversationState("si_a_b", 9, 4, 3, 6, 3, 8L),
                new ServerFrame.ConversationState("sg_g1", 2, 0, 1, 0, 2, null))));
        assertThat(json).contains("\"minSeq\":3", "\"readSeq\":6", "\"unread\":3", "\"peerReadSeq\":8")
                .containsOnlyOnce("peerReadSeq");
        assertThat(codec.decodeServer(json)).isEqualTo(new ServerFrame.SyncResult(List.of(
                new ServerFrame.ConversationState("si_a_b", 9, 4, 3, 6, 3, 8L),
                new ServerFrame.ConversationState("sg_g1", 2, 0, 1, 0, 2, null))));
    }

    @Test
    void aV1SyncLineReadsAsNothingExpiredNothingRead() {
        ServerFrame frame = codec.decodeServer(
                "{\"type\":\"sync_result\",\"conversations\":[{\"conversationId\":\"si_a_b\",\"maxSeq\":5,\"ackedSeq\":2}]}");
        assertThat(frame).isEqualTo(new ServerFrame.SyncResult(List.of(new ServerFrame.ConversationState("si_a_b", 5, 2, 1, 0, 5, null))));
    }

    @Test
    void recallsAndRecalledMessagesRoundTrip() {
        Message recall = Message.recall("sg_g1", 8, "alice", "r-1", 1000, "g1", 5);
        String push = codec.encode(new ServerFrame.Push(recall));
        assertThat(push).contains("\"kind\":\"recall\"", "\"recalledSeq\":5", "\"body\":\"\"").doesNotContain("recalled\":");
        assertThat(((ServerFrame.Push) codec.decodeServer(push)).message()).isEqualTo(recall);

        Message recalled = new Message("sg_g1", 5, "alice", "secret", "m-5", 900, "g1").asRecalled();
        String pull = codec.encode(new ServerFrame.PullResult("sg_g1", 4, List.of(recalled)));
        assertThat(pull).contains("\"minSeq\":4", "\"recalled\":true", "\"body\":\"\"").doesNotContain("kind");
        assertThat(codec.decodeServer(pull)).isEqualTo(new ServerFrame.PullResult("sg_g1", 4, List.of(recalled)));
    }

    @Test
    void readReceiptsAndTheNewErrorCodes() {
        String receipt = codec.encode(new ServerFrame.ReadReceipt("si_a_b", "bob", 12));
        assertThat(codec.decodeServer(receipt)).isEqualTo(new ServerFrame.ReadReceipt("si_a_b", "bob", 12));
        String error = codec.encode(new ServerFrame.Error(ErrorCode.TOO_LATE, "window passed", "r-1", null));
        assertThat(error).contains("\"code\":\"TOO_LATE\"", "\"ref\":\"r-1\"");
        assertThat(ErrorCode.FORBIDDEN.httpStatus()).isEqualTo(403);
    }
}
