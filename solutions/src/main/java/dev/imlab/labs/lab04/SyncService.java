package dev.imlab.labs.lab04;

import static dev.imlab.protocol.ErrorCode.INVALID_FIELD;
import static dev.imlab.protocol.ErrorCode.NOT_MEMBER;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's side of {@code sync}, {@code pull} and {@code ack} (PROTOCOL.md), over a
 * {@link MessageLog} and {@link DeviceCursors}. Refusals are {@code ImException}s:
 * {@code NOT_MEMBER} for a conversation the user is not in, {@code INVALID_FIELD} for a bad range,
 * limit or ack.
 *
 * <p>Why sync and pull are two requests, not one "give me what I missed": a device that was off
 * for a month may have missed thousands of messages in hundreds of conversations. {@code sync}
 * answers small and fast (one line per conversation), and the device then decides what to fetch
 * first (the open chat), how much (a page), and can show unread counts before fetching anything.
 */
public final class SyncService implements SyncServer {
    /** PROTOCOL.md: a pull's limit defaults to 200, and a larger one is taken as 200. */
    static final int MAX_PULL = 200;

    private final MessageLog log;
    private final DeviceCursors cursors;

    public SyncService(MessageLog log, DeviceCursors cursors) {
        this.log = log;
        this.cursors = cursors;
    }

    @Override
    public List<ConversationState> sync(String userId, String deviceId) {
        List<String> conversations = log.conversationsOf(userId);
        Map<String, Long> acked = cursors.cursorsOf(userId, deviceId, conversations);
        List<ConversationState> states = new ArrayList<>(conversations.size());
        for (String conversationId : conversations) {
            long ackedSeq = acked.getOrDefault(conversationId, 0L);
            states.add(new ConversationState(conversationId, log.maxSeq(conversationId), ackedSeq));
        }
        return states;
    }

    @Override
    public List<Message> pull(String userId, String conversationId, long fromSeq, long toSeq, Integer limit) {
        requireMember(userId, conversationId);
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw INVALID_FIELD.exception("fromSeq " + fromSeq + " and toSeq " + toSeq + ": want 1 <= fromSeq <= toSeq");
        }
        if (limit != null && limit < 1) {
            throw INVALID_FIELD.exception("limit is " + limit + ", it must be at least 1");
        }
        return log.range(conversationId, fromSeq, toSeq, limit == null ? MAX_PULL : Math.min(limit, MAX_PULL));
    }

    @Override
    public void ack(String userId, String deviceId, String conversationId, long seq) {
        requireMember(userId, conversationId);
        long max = log.maxSeq(conversationId);
        if (seq < 1 || seq > max) {
            throw INVALID_FIELD.exception("ack of seq " + seq + " in " + conversationId + ", whose seqs are 1.." + max);
        }
        cursors.advance(userId, deviceId, conversationId, seq);
    }

    private static void requireMember(String userId, String conversationId) {
        if (!ConversationId.parse(conversationId).hasUser(userId)) {
            throw NOT_MEMBER.exception(userId + " is not in " + conversationId);
        }
    }
}
