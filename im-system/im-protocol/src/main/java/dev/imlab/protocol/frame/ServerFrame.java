package dev.imlab.protocol.frame;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import java.util.List;

/** A frame the server sends. */
public sealed interface ServerFrame {

    String type();

    record SendAck(String clientMsgId, String conversationId, long seq, long serverTime) implements ServerFrame {
        public String type() {
            return "send_ack";
        }
    }

    record Push(Message message) implements ServerFrame {
        public String type() {
            return "push";
        }
    }

    /** One line of a {@code sync_result}: {@code ackedSeq} is the asking device's cursor. */
    record ConversationState(String conversationId, long maxSeq, long ackedSeq) {
    }

    record SyncResult(List<ConversationState> conversations) implements ServerFrame {
        public String type() {
            return "sync_result";
        }
    }

    record PullResult(String conversationId, List<Message> messages) implements ServerFrame {
        public String type() {
            return "pull_result";
        }
    }

    record Pong() implements ServerFrame {
        public String type() {
            return "pong";
        }
    }

    record Kicked(String reason) implements ServerFrame {
        public String type() {
            return "kicked";
        }
    }

    /** {@code ref} and {@code retryAfterMs} may be null. */
    record Error(ErrorCode code, String message, String ref, Long retryAfterMs) implements ServerFrame {
        public String type() {
            return "error";
        }
    }
}
