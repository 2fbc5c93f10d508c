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

    /**
     * One line of a {@code sync_result}: {@code ackedSeq} is the asking device's cursor; v2 adds
     * {@code minSeq} (the lowest seq that can still be pulled: lower ones expired), the user's
     * {@code readSeq} and {@code unread} = {@code maxSeq - max(readSeq, minSeq - 1)}, never below 0.
     *
     * @param peerReadSeq imlab's extension: in a single chat, the other user's read seq, so that a
     *     client can mark its own messages "read" after a restart; null (absent) for a group
     */
    record ConversationState(String conversationId, long maxSeq, long ackedSeq, long minSeq, long readSeq,
                             long unread, Long peerReadSeq) {

        /** A line as a v1 server sends it: nothing expired, nothing read. */
        public ConversationState(String conversationId, long maxSeq, long ackedSeq) {
            this(conversationId, maxSeq, ackedSeq, 1, 0, maxSeq, null);
        }
    }

    record SyncResult(List<ConversationState> conversations) implements ServerFrame {
        public String type() {
            return "sync_result";
        }
    }

    /** {@code minSeq} (v2): seqs below it expired, they are not missing. */
    record PullResult(String conversationId, long minSeq, List<Message> messages) implements ServerFrame {

        /** As a v1 server sends it: nothing expired. */
        public PullResult(String conversationId, List<Message> messages) {
            this(conversationId, 1, messages);
        }

        public String type() {
            return "pull_result";
        }
    }

    /** v2: {@code userId} read {@code conversationId} up to {@code seq}; best effort, {@code sync} is the truth. */
    record ReadReceipt(String conversationId, String userId, long seq) implements ServerFrame {
        public String type() {
            return "read_receipt";
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

    /**
     * imlab's extension: this gateway is going away (a drain before a restart); close this connection
     * and open a new one at the same address after {@code afterMs}, which the gateway draws per
     * connection so that its devices do not all come back in the same second. A client that ignores
     * it is closed with status 1001 at the end of the drain, and reconnects as after any loss.
     *
     * @param reason why, e.g. {@code draining}
     * @param afterMs how long to wait before reconnecting; the connection keeps working meanwhile
     */
    record Reconnect(String reason, long afterMs) implements ServerFrame {
        public String type() {
            return "reconnect";
        }
    }

    /** {@code ref} and {@code retryAfterMs} may be null. */
    record Error(ErrorCode code, String message, String ref, Long retryAfterMs) implements ServerFrame {
        public String type() {
            return "error";
        }
    }
}
