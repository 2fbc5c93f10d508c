package dev.imlab.protocol.frame;

/** A frame a client sends. Each record holds already validated values (see {@link FrameCodec}). */
public sealed interface ClientFrame {

    /** The wire {@code type}. */
    String type();

    /** Exactly one of {@code to} and {@code groupId} is set. */
    record Send(String clientMsgId, String to, String groupId, String body) implements ClientFrame {
        public String type() {
            return "send";
        }
    }

    /** Cumulative: everything in the conversation up to and including {@code seq} was received. */
    record Ack(String conversationId, long seq) implements ClientFrame {
        public String type() {
            return "ack";
        }
    }

    record Sync() implements ClientFrame {
        public String type() {
            return "sync";
        }
    }

    /** {@code limit} is already capped at {@link FrameCodec#MAX_PULL_LIMIT}. */
    record Pull(String conversationId, long fromSeq, long toSeq, int limit) implements ClientFrame {
        public String type() {
            return "pull";
        }
    }

    /** v2: the user read everything in the conversation up to and including {@code seq}. */
    record Read(String conversationId, long seq) implements ClientFrame {
        public String type() {
            return "read";
        }
    }

    /** v2: recall message {@code seq}; itself a message with a seq of its own, deduplicated by {@code clientMsgId}. */
    record Recall(String clientMsgId, String conversationId, long seq) implements ClientFrame {
        public String type() {
            return "recall";
        }
    }

    record Ping() implements ClientFrame {
        public String type() {
            return "ping";
        }
    }
}
