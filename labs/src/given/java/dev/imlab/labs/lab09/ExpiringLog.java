package dev.imlab.labs.lab09;

import java.util.OptionalLong;

/**
 * One conversation's stored messages, as your {@link MinSeq} and {@link Reaper} see them: seq 1,
 * 2, 3, ... each with the moment it expires ({@code serverTime + ttl}, never earlier than the
 * message before it), and a stored lower bound below which everything was deleted. The tests give
 * you a {@link MemoryLog}; in the real server ({@code Lab09Server}) it is a {@link StoredLog}, the
 * conversation's messages in MongoDB.
 */
public interface ExpiringLog {

    /** The conversation's last seq; 0 when it has none. */
    long maxSeq();

    /** When message {@code seq} expires (epoch ms in the server); empty if it was deleted (or does not exist). One read: one probe. */
    OptionalLong expireAt(long seq);

    /** Deletes messages {@code from..to} (inclusive); returns how many were there. */
    long delete(long from, long to);

    /** The stored lower bound: every seq below it is known to be gone. At least 1. */
    long lowerBound();

    /** Raises the stored lower bound; it never moves down. */
    void raiseLowerBound(long seq);
}
