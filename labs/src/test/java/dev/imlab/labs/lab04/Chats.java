package dev.imlab.labs.lab04;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import java.util.List;
import java.util.stream.Collectors;

/** Fixtures of lab04's tests. */
final class Chats {
    static final String ALICE_BOB = "si_alice_bob";
    static final String ALICE_CAROL = "si_alice_carol";

    private Chats() {
    }

    /** Appends seqs {@code fromSeq..toSeq} of a single chat, sent by its two users in turn. */
    static void append(MessageLog log, String conversationId, long fromSeq, long toSeq) {
        String[] users = conversationId.substring(3).split("_");
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            log.append(message(conversationId, seq, users[(int) (seq % 2)], "message " + seq));
        }
    }

    static Message message(String conversationId, long seq, String from, String body) {
        return new Message(conversationId, seq, from, body, from + "-" + seq, 1_000 + seq, null);
    }

    static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).collect(Collectors.toList());
    }

    static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.conversationId() + "#" + m.seq()).collect(Collectors.toList());
    }

    /** The code of the refusal; fails if the call was not refused. Anything but an ImException goes on up. */
    static ErrorCode refusal(Runnable call) {
        try {
            call.run();
        } catch (ImException e) {
            return e.code();
        }
        throw new AssertionError("expected a refusal (an ImException), but the call succeeded");
    }
}
