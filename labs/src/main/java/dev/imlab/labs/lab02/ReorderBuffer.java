package dev.imlab.labs.lab02;

import dev.imlab.labs.LabNotDone;
import dev.imlab.protocol.Message;

/**
 * A client's reorder buffer: turns pushes and pull answers, which may come out of order, twice or
 * not at all, into one gap-free, duplicate-free stream per conversation, and asks for a pull when
 * it sees a gap. Called by one thread, the client's.
 */
public final class ReorderBuffer {

    /** What the buffer decides. */
    public interface Listener {

        /** The next message of its conversation, in seq order, once. */
        void deliver(Message message);

        /** Seqs {@code fromSeq..toSeq} of the conversation are missing: fetch them with a {@code pull}. */
        void pull(String conversationId, long fromSeq, long toSeq);
    }

    public ReorderBuffer(Listener listener) {
        // Keep the listener; you will need it.
    }

    /**
     * Where a conversation starts for this device: every seq up to {@code deliveredSeq} was delivered
     * before (the device's cursor, from {@code sync}). A conversation never started starts at 0.
     */
    public void startAfter(String conversationId, long deliveredSeq) {
        throw new LabNotDone(ReorderBuffer.class, "startAfter");
    }

    /** A message from a push or a pull answer. */
    public void offer(Message message) {
        throw new LabNotDone(ReorderBuffer.class, "offer");
    }

    /** The last seq delivered in the conversation, 0 before the first. */
    public long delivered(String conversationId) {
        throw new LabNotDone(ReorderBuffer.class, "delivered");
    }
}
