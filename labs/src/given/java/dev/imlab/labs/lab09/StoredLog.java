package dev.imlab.labs.lab09;

import dev.imlab.storage.expiry.Expiry;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.util.List;
import java.util.OptionalLong;

/**
 * One conversation of the real server as an {@link ExpiringLog}: its messages in MongoDB
 * (im-storage's {@code MessageStore}, one point read per {@link #expireAt} probe) and its stored
 * {@code minSeq} bound (im-storage's {@code Expiry}, raised with {@code $max}, so it never moves
 * down even when two reapers race).
 */
public final class StoredLog implements ExpiringLog {
    private final String conversationId;
    private final long maxSeq;
    private final MessageStore messages;
    private final Expiry expiry;
    private long lowerBound;
    private int probes;

    /** @param lowerBound the stored bound as the reaper read it for the page; 1 if none was stored */
    public StoredLog(String conversationId, long maxSeq, long lowerBound, MessageStore messages, Expiry expiry) {
        this.conversationId = conversationId;
        this.maxSeq = maxSeq;
        this.lowerBound = Math.max(1, lowerBound);
        this.messages = messages;
        this.expiry = expiry;
    }

    @Override
    public long maxSeq() {
        return maxSeq;
    }

    @Override
    public OptionalLong expireAt(long seq) {
        probes++;
        List<StoredMessage> found = messages.range(conversationId, seq, seq);
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0).expireAt());
    }

    @Override
    public long delete(long from, long to) {
        return messages.delete(conversationId, from, to);
    }

    @Override
    public long lowerBound() {
        return lowerBound;
    }

    @Override
    public void raiseLowerBound(long seq) {
        expiry.raise(conversationId, seq);
        lowerBound = Math.max(lowerBound, seq);
    }

    /** Messages read so far. */
    public int probes() {
        return probes;
    }
}
