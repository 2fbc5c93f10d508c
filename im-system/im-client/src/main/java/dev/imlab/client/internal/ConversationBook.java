package dev.imlab.client.internal;

import dev.imlab.client.Conversation;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the client knows of each conversation: its highest known seq, its {@code minSeq} (lower
 * seqs expired), the user's read seq and unread count, and in a single chat the peer's read seq.
 * Updated on the loop thread; each change is published as an immutable {@link Conversation}
 * that any thread may read, and told to the app (unread, peer read, expiry) on the delivery thread.
 *
 * <p>Every value only grows: a {@code sync} that answers with a lower one than the client
 * already knows is late (the read of another device, or of this one, is not in it yet).
 *
 * @implNote How unread is kept. Candidates: (1) take {@code unread} from {@code sync} and count
 * deltas (+1 per message from another user, -n per read); (2) recompute PROTOCOL.md's
 * definition, {@code maxSeq - max(readSeq, minSeq - 1)} never below 0, from the values kept
 * here. Chosen: (2). It equals the server's number whenever the client knows what the server
 * knew, and stays right where deltas go wrong: a push that came before a {@code sync} answer
 * already counting it, an own message (which moves the read seq, so never counts), a read of
 * another device, messages that expire. A message counts once it is handed to the app, in seq
 * order, so the badge never runs ahead of what {@code onMessage} has seen except for what
 * {@code sync} announced.
 */
final class ConversationBook {

    private static final class State {
        long maxSeq;
        long minSeq = 1;
        long readSeq;
        long peerReadSeq;
    }

    private final String userId;
    private final Callbacks callbacks;
    private final Map<String, State> states = new HashMap<>();
    /** Written on the loop thread only; read by any thread. */
    private final Map<String, Conversation> published = new ConcurrentHashMap<>();

    ConversationBook(String userId, Callbacks callbacks) {
        this.userId = userId;
        this.callbacks = callbacks;
    }

    void synced(ServerFrame.ConversationState s) {
        update(s.conversationId(), state -> {
            state.maxSeq = Math.max(state.maxSeq, s.maxSeq());
            state.minSeq = Math.max(state.minSeq, s.minSeq());
            state.readSeq = Math.max(state.readSeq, s.readSeq());
            if (s.peerReadSeq() != null) {
                state.peerReadSeq = Math.max(state.peerReadSeq, s.peerReadSeq());
            }
        });
    }

    /** A {@code pull_result}'s {@code minSeq}: messages may have expired since the last {@code sync}. */
    void expiredBelow(String conversationId, long minSeq) {
        update(conversationId, state -> state.minSeq = Math.max(state.minSeq, minSeq));
    }

    /**
     * A message handed to the app. Sending moves the sender's read seq to its message, as the
     * server did when storing it: an own message moves the user's read seq, and in a single chat
     * the peer's message moves the peer's (no {@code read_receipt} comes for that).
     */
    void delivered(Message message) {
        boolean own = userId.equals(message.from());
        boolean fromPeer = !own && isSingleChatWith(message.conversationId(), message.from());
        update(message.conversationId(), state -> {
            state.maxSeq = Math.max(state.maxSeq, message.seq());
            if (own) {
                state.readSeq = Math.max(state.readSeq, message.seq());
            } else if (fromPeer) {
                state.peerReadSeq = Math.max(state.peerReadSeq, message.seq());
            }
        });
    }

    /**
     * The user read up to {@code seq} on this device. Returns the seq the read seq moved to, or 0
     * when it did not move: a read never moves back, and never past the last seq known to exist
     * (the server refuses that, and a read seq above {@code maxSeq} would hide the next messages
     * from the unread count, OpenIM's bug #3539).
     */
    long read(String conversationId, long seq) {
        State state = states.get(conversationId);
        if (state == null || Math.min(seq, state.maxSeq) <= state.readSeq) {
            return 0;
        }
        long to = Math.min(seq, state.maxSeq);
        update(conversationId, s -> s.readSeq = to);
        return to;
    }

    /** Another device of the user read (its own read seq moves), or the peer of a single chat did (the peer's moves). */
    void receipt(ServerFrame.ReadReceipt receipt) {
        if (userId.equals(receipt.userId())) {
            update(receipt.conversationId(), state -> state.readSeq = Math.max(state.readSeq, receipt.seq()));
        } else if (isSingleChatWith(receipt.conversationId(), receipt.userId())) {
            update(receipt.conversationId(), state -> state.peerReadSeq = Math.max(state.peerReadSeq, receipt.seq()));
        }
    }

    /** The snapshot of {@code conversationId}; null while nothing is known of it. Any thread. */
    Conversation snapshot(String conversationId) {
        return published.get(conversationId);
    }

    /** Every conversation known, by id. Any thread. */
    List<Conversation> snapshots() {
        List<Conversation> all = new ArrayList<>(published.values());
        all.sort(Comparator.comparing(Conversation::conversationId));
        return all;
    }

    private void update(String conversationId, Consumer<State> change) {
        State state = states.computeIfAbsent(conversationId, id -> new State());
        Conversation before = published.get(conversationId);
        change.accept(state);
        long unread = Math.max(0, state.maxSeq - Math.max(state.readSeq, state.minSeq - 1));
        Conversation after = new Conversation(conversationId, state.maxSeq, state.minSeq, state.readSeq, unread,
                state.peerReadSeq);
        published.put(conversationId, after);
        // A conversation not known before counts as "nothing unread, nothing read, nothing expired".
        if (after.unread() != (before == null ? 0 : before.unread())) {
            callbacks.unread(conversationId, after.unread());
        }
        if (after.peerReadSeq() > (before == null ? 0 : before.peerReadSeq())) {
            callbacks.peerRead(conversationId, after.peerReadSeq());
        }
        if (after.minSeq() > (before == null ? 1 : before.minSeq())) {
            callbacks.expired(conversationId, after.minSeq());
        }
    }

    /** Whether {@code conversationId} is a single chat and {@code other} its other user. */
    private boolean isSingleChatWith(String conversationId, String other) {
        try {
            ConversationId id = ConversationId.parse(conversationId);
            return id.hasUser(userId) && id.hasUser(other);
        } catch (ImException malformed) {
            return false;
        }
    }
}
