package dev.imlab.labs.lab04;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.List;

/**
 * The three requests of PROTOCOL.md a device catches up with, as calls: {@code sync}, {@code pull}
 * and {@code ack}. Refusals are {@code ImException}s with the wire's error codes.
 */
public interface SyncServer {

    /** {@code sync}: every conversation of the user, its max seq, and this device's cursor (0 if it never acked). */
    List<ConversationState> sync(String userId, String deviceId);

    /**
     * {@code pull}: the lowest {@code limit} stored seqs of {@code fromSeq..toSeq}, ascending.
     *
     * @param limit at least 1; null means 200, and more than 200 is taken as 200
     */
    List<Message> pull(String userId, String conversationId, long fromSeq, long toSeq, Integer limit);

    /** {@code ack}: this device has everything of the conversation up to and including {@code seq}. */
    void ack(String userId, String deviceId, String conversationId, long seq);
}
