package dev.imlab.labs.lab02;

import dev.imlab.protocol.Message;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client's reorder buffer: turns pushes and pull answers, which may come out of order, twice or
 * not at all, into one gap-free, duplicate-free stream per conversation, and asks for a pull when
 * it sees a gap. Called by one thread, the client's.
 *
 * <p>Per conversation it keeps {@code delivered}, the last seq handed on. A message with seq
 * {@code delivered + 1} is handed on, then any waiting successors; a seq at or below
 * {@code delivered}, or already waiting, is a duplicate; a higher one waits, and the missing seqs
 * below it are asked for with one pull.
 *
 * @implNote When to ask. Candidates: (1) on every message after a gap, which asks for the same
 *     seqs again and again while the first pull is on its way; (2) after a timeout, which is
 *     gentler with the server but makes every gap cost the timeout; (3) once per hole, as soon as
 *     it is seen. Chosen: (3), remembering the highest seq asked for. The catch: a pull whose
 *     answer is lost is never asked again; the real client (im-client's {@code OrderingBuffer})
 *     forgets what it asked for when a pull fails or the connection drops.
 */
public final class ReorderBuffer {

    /** What the buffer decides. */
    public interface Listener {

        /** The next message of its conversation, in seq order, once. */
        void deliver(Message message);

        /** Seqs {@code fromSeq..toSeq} of the conversation are missing: fetch them with a {@code pull}. */
        void pull(String conversationId, long fromSeq, long toSeq);
    }

    private static final class Conversation {
        long delivered;
        /** The highest seq a pull has asked for: seqs up to it are on their way. */
        long askedUpTo;
        final TreeMap<Long, Message> waiting = new TreeMap<>();
    }

    private final Listener listener;
    private final Map<String, Conversation> conversations = new HashMap<>();

    public ReorderBuffer(Listener listener) {
        this.listener = listener;
    }

    /**
     * Where a conversation starts for this device: every seq up to {@code deliveredSeq} was delivered
     * before (the device's cursor, from {@code sync}). A conversation never started starts at 0.
     */
    public void startAfter(String conversationId, long deliveredSeq) {
        Conversation c = conversation(conversationId);
        if (deliveredSeq > c.delivered) {
            c.delivered = deliveredSeq;
            c.waiting.headMap(deliveredSeq, true).clear();
            drain(c);
        }
    }

    /** A message from a push or a pull answer. */
    public void offer(Message message) {
        Conversation c = conversation(message.conversationId());
        long seq = message.seq();
        if (seq <= c.delivered || c.waiting.containsKey(seq)) {
            return;
        }
        c.waiting.put(seq, message);
        drain(c);
        if (seq > c.delivered) {
            askForHolesBelow(message.conversationId(), c, seq);
        }
    }

    /** The last seq delivered in the conversation, 0 before the first. */
    public long delivered(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c == null ? 0 : c.delivered;
    }

    private void drain(Conversation c) {
        Message next;
        while ((next = c.waiting.remove(c.delivered + 1)) != null) {
            c.delivered++;
            listener.deliver(next);
        }
    }

    /** One pull for the seqs below {@code seq} not yet delivered, waiting or asked for. */
    private void askForHolesBelow(String conversationId, Conversation c, long seq) {
        long from = Math.max(c.delivered, c.askedUpTo) + 1;
        while (c.waiting.containsKey(from)) {
            from++;
        }
        if (from < seq) {
            c.askedUpTo = seq - 1;
            listener.pull(conversationId, from, seq - 1);
        }
    }

    private Conversation conversation(String conversationId) {
        return conversations.computeIfAbsent(conversationId, id -> new Conversation());
    }
}
