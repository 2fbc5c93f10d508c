package dev.imlab.labs.lab04;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.List;

/**
 * A device coming back online: {@code sync}, then {@code pull} what it missed a page at a time, then
 * {@code ack} it.
 *
 * <p>It starts each conversation after the device's own cursor ({@code ackedSeq}), not after what
 * another device read, and acks after every page rather than at the end: a catch-up cut short (the
 * app killed, the network gone) resumes where it stopped instead of fetching everything again.
 * The price is one ack per page instead of one per conversation.
 */
public final class CatchUp {
    private final SyncServer server;
    private final String userId;
    private final String deviceId;
    private final int pageSize;

    /** @param pageSize the {@code limit} of each pull */
    public CatchUp(SyncServer server, String userId, String deviceId, int pageSize) {
        this.server = server;
        this.userId = userId;
        this.deviceId = deviceId;
        this.pageSize = pageSize;
    }

    /**
     * Fetches every message this device has not acked, acks it, and returns it: conversation by
     * conversation in the order {@code sync} lists them, each in seq order.
     */
    public List<Message> run() {
        List<Message> fetched = new ArrayList<>();
        for (ConversationState state : server.sync(userId, deviceId)) {
            long next = state.ackedSeq() + 1;
            while (next <= state.maxSeq()) {
                List<Message> page = server.pull(userId, state.conversationId(), next, state.maxSeq(), pageSize);
                if (page.isEmpty()) {
                    break; // nothing stored up to maxSeq: cannot happen while seqs are dense
                }
                fetched.addAll(page);
                long last = page.get(page.size() - 1).seq();
                server.ack(userId, deviceId, state.conversationId(), last);
                next = last + 1;
            }
        }
        return fetched;
    }
}
