package dev.imlab.labs.lab04;

import dev.imlab.labs.LabNotDone;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.List;

/**
 * The server's side of {@code sync}, {@code pull} and {@code ack} (PROTOCOL.md), over a
 * {@link MessageLog} and {@link DeviceCursors}. Refusals are {@code ImException}s:
 * {@code NOT_MEMBER} for a conversation the user is not in, {@code INVALID_FIELD} for a bad range,
 * limit or ack.
 */
public final class SyncService implements SyncServer {

    public SyncService(MessageLog log, DeviceCursors cursors) {
        // Keep what you need.
    }

    @Override
    public List<ConversationState> sync(String userId, String deviceId) {
        throw new LabNotDone(SyncService.class, "sync");
    }

    @Override
    public List<Message> pull(String userId, String conversationId, long fromSeq, long toSeq, Integer limit) {
        throw new LabNotDone(SyncService.class, "pull");
    }

    @Override
    public void ack(String userId, String deviceId, String conversationId, long seq) {
        throw new LabNotDone(SyncService.class, "ack");
    }
}
