package dev.imlab.labs.lab04;

import dev.imlab.labs.LabNotDone;
import dev.imlab.protocol.Message;
import java.util.List;

/** A device coming back online: {@code sync}, then {@code pull} what it missed a page at a time, then {@code ack} it. */
public final class CatchUp {

    /** @param pageSize the {@code limit} of each pull */
    public CatchUp(SyncServer server, String userId, String deviceId, int pageSize) {
        // Keep what you need.
    }

    /**
     * Fetches every message this device has not acked, acks it, and returns it: conversation by
     * conversation in the order {@code sync} lists them, each in seq order.
     */
    public List<Message> run() {
        throw new LabNotDone(CatchUp.class, "run");
    }
}
