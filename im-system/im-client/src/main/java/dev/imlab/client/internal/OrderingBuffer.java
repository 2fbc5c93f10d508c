package dev.imlab.client.internal;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns pushes, pull answers and own send_acks, which may come twice or out of order, into one
 * gap-free, duplicate-free stream per conversation. Confined to the client's loop thread.
 *
 * <p>Per conversation it keeps {@code delivered}, the last seq handed on. A message with seq
 * {@code delivered + 1} is handed on, then any waiting successors; a lower seq is a duplicate;
 * a higher one waits, and the gap below it is asked for with one pull.
 *
 * @implNote Where {@code delivered} starts. Candidates: (1) at 0, which re-delivers a device's
 * whole history after every app restart; (2) at the first push's seq minus one, which silently
 * loses what arrived while the app was away; (3) at the {@code ackedSeq} of the first
 * {@code sync_result}: the server's cursor for this device, so nothing is lost or repeated.
 * Chosen: (3). Until that first sync is answered, messages wait. A conversation that the sync did
 * not list is new (it had no message, or the user joined it later) and starts at 0; a group's
 * seqs from before the join are not visible to the user, so when a complete pull answer lacks
 * seqs below one the client already holds, those seqs are skipped rather than waited for forever.
 *
 * <p>Expiry (PROTOCOL.md v2): seqs below a conversation's {@code minSeq} expired on the server
 * and will never come, so they are not a gap. {@code minSeq} only grows and comes with every
 * {@code sync_result} and {@code pull_result}; once {@code delivered} is known, the buffer
 * moves it up to {@code minSeq - 1} at once, handing on in order whatever it already holds
 * below {@code minSeq} (a message in hand is still worth showing) and skipping the rest. Gap
 * pulls therefore always start at or above {@code minSeq}, and a pull answered after the
 * messages it asked for expired (its {@code minSeq} rose past them) ends the wait instead of
 * asking again.
 */
final class OrderingBuffer {
    private static final Logger log = LoggerFactory.getLogger(OrderingBuffer.class);
    private static final long UNKNOWN = -1;

    /** What the buffer decided; called on the loop thread, in order. */
    interface Listener {
        void deliver(Message message);

        /** Seqs up to {@code seq} will never come (expired, or not visible to this user); count them as handled. */
        void skip(String conversationId, long seq);

        /** A push at or below {@code delivered} came again: the server missed the ack. */
        void duplicate(String conversationId);

        void pull(String conversationId, long fromSeq, long toSeq);
    }

    private static final class Conversation {
        long delivered = UNKNOWN;
        /** Seqs below it expired: never waited for, never pulled. */
        long minSeq = 1;
        /** The highest seq known to exist: skipping never goes past it. */
        long knownMax;
        /** The end of the gap pull in flight, so the same gap is not asked for twice. */
        long pulledUpTo;
        final TreeMap<Long, Message> waiting = new TreeMap<>();
    }

    private final Listener listener;
    private final Map<String, Conversation> conversations = new HashMap<>();
    private boolean synced;

    OrderingBuffer(Listener listener) {
        this.listener = listener;
    }

    void offerPush(Message message) {
        Conversation c = store(message);
        if (c != null) {
            advance(message.conversationId(), c);
        } else {
            listener.duplicate(message.conversationId());
        }
    }

    /** A message from elsewhere (an own {@code send_ack}, a stray pull answer): a duplicate needs no re-ack. */
    void offer(Message message) {
        Conversation c = store(message);
        if (c != null) {
            advance(message.conversationId(), c);
        }
    }

    void synced(List<ConversationState> states) {
        for (ConversationState s : states) {
            Conversation c = conversation(s.conversationId());
            c.knownMax = Math.max(c.knownMax, s.maxSeq());
            raiseMinSeq(c, s.minSeq());
            if (c.delivered == UNKNOWN) {
                c.delivered = s.ackedSeq();
                c.waiting.headMap(s.ackedSeq(), true).clear();
            }
        }
        synced = true;
        conversations.forEach(this::advance);
    }

    /**
     * The answer to a pull of a range ending at {@code toSeq}. With fewer than {@code limit}
     * messages it is complete: every seq of the range this user may see is in it. Its
     * {@code minSeq} may have risen since the pull was asked for (messages expired meanwhile).
     */
    void pulled(String conversationId, long toSeq, int limit, long minSeq, List<Message> messages) {
        Conversation c = conversation(conversationId);
        for (Message m : messages) {
            store(m);
        }
        raiseMinSeq(c, minSeq);
        skipExpired(conversationId, c);
        long covered = messages.size() < limit ? toSeq : messages.get(messages.size() - 1).seq();
        if (covered < c.pulledUpTo && toSeq >= c.pulledUpTo) {
            c.pulledUpTo = covered; // a full page: ask again for the rest of the gap
        }
        if (c.delivered != UNKNOWN) {
            skipAbsent(conversationId, c, Math.min(covered, c.knownMax), "are not visible to this user (joined later?)");
        }
        advance(conversationId, c);
    }

    /** Seqs below {@code minSeq} expired (from a {@code pull_result} that answers no pull of the buffer's). */
    void expiredBelow(String conversationId, long minSeq) {
        Conversation c = conversation(conversationId);
        raiseMinSeq(c, minSeq);
        advance(conversationId, c);
    }

    /** The pull ending at {@code toSeq} got no answer; its gap may be asked for again. */
    void pullFailed(String conversationId, long fromSeq, long toSeq) {
        Conversation c = conversation(conversationId);
        if (toSeq >= c.pulledUpTo) {
            c.pulledUpTo = Math.min(c.pulledUpTo, fromSeq - 1);
        }
    }

    /** Pulls in flight died with the connection; catch-up after the reconnect asks again. */
    void connectionLost() {
        conversations.values().forEach(c -> c.pulledUpTo = 0);
    }

    /** The last seq handed on, 0 while not known. */
    long delivered(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c == null || c.delivered == UNKNOWN ? 0 : c.delivered;
    }

    /** Keeps a message that is not a duplicate, returning its conversation; null for a duplicate. */
    private Conversation store(Message message) {
        Conversation c = conversation(message.conversationId());
        c.knownMax = Math.max(c.knownMax, message.seq());
        if (c.delivered != UNKNOWN && message.seq() <= c.delivered) {
            return null;
        }
        c.waiting.putIfAbsent(message.seq(), message);
        return c;
    }

    private void advance(String conversationId, Conversation c) {
        if (c.delivered == UNKNOWN) {
            if (!synced) {
                return;
            }
            c.delivered = 0;
        }
        skipExpired(conversationId, c);
        drain(c);
        if (!c.waiting.isEmpty()) {
            long gapEnd = c.waiting.firstKey() - 1;
            long from = Math.max(c.delivered, c.pulledUpTo) + 1;
            if (from <= gapEnd) {
                c.pulledUpTo = gapEnd;
                listener.pull(conversationId, from, gapEnd);
            }
        }
    }

    private void drain(Conversation c) {
        Message next;
        while ((next = c.waiting.remove(c.delivered + 1)) != null) {
            c.delivered++;
            listener.deliver(next);
        }
    }

    private static void raiseMinSeq(Conversation c, long minSeq) {
        if (minSeq > c.minSeq) {
            c.minSeq = minSeq;
            c.knownMax = Math.max(c.knownMax, minSeq - 1); // minSeq - 1 existed: it is maxSeq when everything expired
        }
    }

    /** Moves {@code delivered} up to {@code minSeq - 1}, once it is known: nothing below {@code minSeq} can come. */
    private void skipExpired(String conversationId, Conversation c) {
        if (c.delivered != UNKNOWN && c.delivered < c.minSeq - 1) {
            skipAbsent(conversationId, c, c.minSeq - 1, "expired");
        }
    }

    /** Hands on what is held up to {@code bound} in order, and skips the seqs that are not held, saying {@code why}. */
    private void skipAbsent(String conversationId, Conversation c, long bound, String why) {
        while (c.delivered < bound) {
            Long next = c.waiting.ceilingKey(c.delivered + 1);
            long skipTo = next == null || next > bound ? bound : next - 1;
            if (skipTo > c.delivered) {
                log.info("{}: seqs {}..{} {}; skipping them", conversationId, c.delivered + 1, skipTo, why);
                c.delivered = skipTo;
                listener.skip(conversationId, skipTo);
            }
            drain(c);
        }
    }

    private Conversation conversation(String conversationId) {
        return conversations.computeIfAbsent(conversationId, id -> new Conversation());
    }
}
