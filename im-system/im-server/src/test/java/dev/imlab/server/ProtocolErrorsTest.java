package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error code of PROTOCOL.md that single chat can produce, from a client that speaks only
 * the wire protocol. After each refusal the connection must still work (a ping gets a pong).
 */
class ProtocolErrorsTest {
    private final TestServer server = TestServer.shared();
    private String alice;
    private String bob;
    private RawSocket socket;

    @BeforeEach
    void connect() {
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        socket = server.raw(alice, "phone");
    }

    @AfterEach
    void close() {
        socket.close();
    }

    private ServerFrame.Error refusal(String frame) {
        ServerFrame reply = socket.send(frame).next();
        assertThat(reply).isInstanceOf(ServerFrame.Error.class);
        socket.send("{\"type\":\"ping\"}");
        assertThat(socket.next()).as("connection still open after the refusal").isInstanceOf(ServerFrame.Pong.class);
        return (ServerFrame.Error) reply;
    }

    @Test
    void notJson_isBadFrame() {
        assertThat(refusal("this is not json").code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void jsonThatIsNotAnObject_isBadFrame() {
        assertThat(refusal("[1,2,3]").code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void binaryFrame_isBadFrame() {
        ServerFrame reply = socket.sendBinary(new byte[] {1, 2, 3}).next();
        assertThat(((ServerFrame.Error) reply).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void unknownType_isUnknownType() {
        ServerFrame.Error error = refusal("{\"type\":\"teleport\"}");
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(error.ref()).isEqualTo("teleport");
    }

    @Test
    void missingType_isMissingField() {
        assertThat(refusal("{\"to\":\"bob\"}").code()).isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void sendWithoutClientMsgId_isMissingField() {
        ServerFrame.Error error = refusal("{\"type\":\"send\",\"to\":\"" + bob + "\",\"body\":\"x\"}");
        assertThat(error.code()).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(error.ref()).isEqualTo("send");
    }

    @Test
    void sendWithNeitherToNorGroupId_isMissingField_withTheClientMsgIdAsRef() {
        ServerFrame.Error error = refusal("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"body\":\"x\"}");
        assertThat(error.code()).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(error.ref()).isEqualTo("m1");
    }

    @Test
    void sendWithBothToAndGroupId_isInvalidField() {
        String frame = "{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"groupId\":\"g1\",\"body\":\"x\"}";
        assertThat(refusal(frame).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void badUserId_isInvalidField() {
        ServerFrame.Error error = refusal("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"bad_id\",\"body\":\"x\"}");
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(error.message()).contains("bad_id");
    }

    @Test
    void clientMsgIdWithASpace_isInvalidField() {
        String frame = "{\"type\":\"send\",\"clientMsgId\":\"has space\",\"to\":\"" + bob + "\",\"body\":\"x\"}";
        assertThat(refusal(frame).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void messageToYourself_isInvalidField() {
        String frame = "{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + alice + "\",\"body\":\"x\"}";
        ServerFrame.Error error = refusal(frame);
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(error.ref()).isEqualTo("m1");
    }

    @Test
    void seqOfTheWrongType_isInvalidField() {
        String conversation = ConversationId.single(alice, bob).value();
        assertThat(refusal("{\"type\":\"ack\",\"conversationId\":\"" + conversation + "\",\"seq\":\"7\"}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void pullWithFromSeqAboveToSeq_isInvalidField() {
        String conversation = ConversationId.single(alice, bob).value();
        String frame = "{\"type\":\"pull\",\"conversationId\":\"" + conversation + "\",\"fromSeq\":5,\"toSeq\":2}";
        assertThat(refusal(frame).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void malformedConversationId_isInvalidField() {
        assertThat(refusal("{\"type\":\"pull\",\"conversationId\":\"si_zed_amy\",\"fromSeq\":1,\"toSeq\":2}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void ackBeyondTheLastSeq_isInvalidField() {
        String conversation = ConversationId.single(alice, bob).value();
        socket.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"x\"}");
        assertThat(socket.next(f -> f instanceof ServerFrame.SendAck)).isNotNull();
        ServerFrame.Error error = refusal("{\"type\":\"ack\",\"conversationId\":\"" + conversation + "\",\"seq\":2}");
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(error.message()).contains("beyond the last seq 1");
    }

    @Test
    void bodyOverFourKilobytes_isTooLarge() {
        String frame = "{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"" + "é".repeat(2049) + "\"}";
        ServerFrame.Error error = refusal(frame);
        assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(error.message()).contains("4098 bytes");
    }

    @Test
    void bodyOfExactlyFourKilobytes_isAccepted() {
        socket.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"" + "x".repeat(4096) + "\"}");
        assertThat(socket.next()).isInstanceOf(ServerFrame.SendAck.class);
    }

    @Test
    void pullingSomeoneElsesConversation_isNotMember() {
        String carol = server.newUser("carol");
        String theirs = ConversationId.single(bob, carol).value();
        assertThat(refusal("{\"type\":\"pull\",\"conversationId\":\"" + theirs + "\",\"fromSeq\":1,\"toSeq\":9}").code())
                .isEqualTo(ErrorCode.NOT_MEMBER);
    }

    @Test
    void ackingSomeoneElsesConversation_isNotMember() {
        String carol = server.newUser("carol");
        String theirs = ConversationId.single(bob, carol).value();
        assertThat(refusal("{\"type\":\"ack\",\"conversationId\":\"" + theirs + "\",\"seq\":1}").code())
                .isEqualTo(ErrorCode.NOT_MEMBER);
    }

    @Test
    void sendingToAnUnknownUser_isNoSuchUser() {
        ServerFrame.Error error = refusal("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"nobody-here\",\"body\":\"x\"}");
        assertThat(error.code()).isEqualTo(ErrorCode.NO_SUCH_USER);
        assertThat(error.ref()).isEqualTo("m1");
    }

    @Test
    void tooManyRequests_areRateLimited_withRetryAfter() {
        ServerFrame.Error limited = null;
        for (int i = 0; i < 6_000 && limited == null; i++) {
            socket.send("{\"type\":\"ping\"}");
        }
        limited = (ServerFrame.Error) socket.next(f -> f instanceof ServerFrame.Error);
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.retryAfterMs()).isPositive();
    }

    @Test
    void frameOverSixtyFourKilobytes_closesWith1009() {
        socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(socket.closeStatus()).isEqualTo(1009);
    }

    @Test
    void secondConnectionOfTheSameDevice_kicksTheFirst_withStatus4001() {
        try (RawSocket second = server.raw(alice, "phone")) {
            ServerFrame kicked = socket.next(f -> f instanceof ServerFrame.Kicked);
            assertThat(kicked).isInstanceOf(ServerFrame.Kicked.class);
            assertThat(socket.closeStatus()).isEqualTo(4001);
            second.send("{\"type\":\"ping\"}");
            assertThat(second.next()).isInstanceOf(ServerFrame.Pong.class);
        }
    }

    @Test
    void pullLimit_returnsTheLowestSeqsOfTheRange() {
        String conversation = ConversationId.single(alice, bob).value();
        for (int i = 1; i <= 3; i++) {
            socket.send("{\"type\":\"send\",\"clientMsgId\":\"m" + i + "\",\"to\":\"" + bob + "\",\"body\":\"b" + i + "\"}");
            socket.next(f -> f instanceof ServerFrame.SendAck);
        }
        socket.send("{\"type\":\"pull\",\"conversationId\":\"" + conversation + "\",\"fromSeq\":2,\"toSeq\":99,\"limit\":1}");
        ServerFrame.PullResult result = (ServerFrame.PullResult) socket.next(f -> f instanceof ServerFrame.PullResult);
        assertThat(result.messages()).extracting(m -> m.seq()).containsExactly(2L);
    }
}
