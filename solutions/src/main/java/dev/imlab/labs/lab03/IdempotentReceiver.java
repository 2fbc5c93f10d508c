package dev.imlab.labs.lab03;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiving side of reliable delivery: stores each message once, however many times it comes,
 * and numbers what it stores 1, 2, 3, ... (one conversation, to keep it small).
 *
 * <p>The dedupe key is sender + clientMsgId, not clientMsgId alone: clientMsgIds are unique per
 * sender only (PROTOCOL.md), and two senders may well both pick "1". The answer to a repeat is the
 * first ack, unchanged, because the sender may have lost exactly that ack; storing nothing new is
 * what makes the re-send harmless.
 *
 * @implNote The real transfer keeps the entries in MongoDB ({@code DedupeStore}), written after
 *     the message they point at, so that a crash in between is repaired from the message. Kept
 *     forever here and there; a system with more traffic would expire entries after the longest
 *     time a client may keep re-sending.
 */
public final class IdempotentReceiver {
    private final Map<String, SendAck> acks = new HashMap<>();
    private final List<Send> stored = new ArrayList<>();

    /**
     * Stores a new message and acks it with its seq. A repeat, same sender and same clientMsgId, is
     * acked with the seq it got the first time and stores nothing, even if its body differs.
     */
    public SendAck receive(Send send) {
        String key = send.senderId() + "/" + send.clientMsgId();
        SendAck first = acks.get(key);
        if (first != null) {
            return first;
        }
        stored.add(send);
        SendAck ack = new SendAck(send.clientMsgId(), stored.size());
        acks.put(key, ack);
        return ack;
    }

    /** What was stored, in seq order. */
    public List<Send> stored() {
        return List.copyOf(stored);
    }
}
