package dev.imlab.labs.lab03;

import dev.imlab.labs.LabNotDone;
import java.util.List;

/**
 * The receiving side of reliable delivery: stores each message once, however many times it comes,
 * and numbers what it stores 1, 2, 3, ... (one conversation, to keep it small).
 */
public final class IdempotentReceiver {

    /**
     * Stores a new message and acks it with its seq. A repeat, same sender and same clientMsgId, is
     * acked with the seq it got the first time and stores nothing, even if its body differs.
     */
    public SendAck receive(Send send) {
        throw new LabNotDone(IdempotentReceiver.class, "receive");
    }

    /** What was stored, in seq order. */
    public List<Send> stored() {
        throw new LabNotDone(IdempotentReceiver.class, "stored");
    }
}
