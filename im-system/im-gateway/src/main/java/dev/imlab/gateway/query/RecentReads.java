package dev.imlab.gateway.query;

import dev.imlab.storage.read.ReadStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The read seqs this gateway passed on lately, for {@code sync} to show before the confirm role
 * has stored them: a {@code read} travels through a 50 ms merge, Kafka and a batched MongoDB write,
 * and a device that reads and then syncs at once (or its user's other device on this gateway)
 * must not see the unread count it just cleared. Entries live {@value #KEEP_MS} ms, far longer than
 * that path takes; read seqs only grow, so an entry that outlives its stored copy is still right.
 */
public final class RecentReads {
    static final long KEEP_MS = 30_000;

    private final Map<String, long[]> seqs = new ConcurrentHashMap<>(); // id -> {seq, when}
    private final LongSupplier clock;

    public RecentReads(LongSupplier clock) {
        this.clock = clock;
    }

    public void put(String userId, String conversationId, long seq) {
        long now = clock.getAsLong();
        seqs.merge(ReadStore.id(userId, conversationId), new long[] {seq, now},
                (old, fresh) -> old[0] >= fresh[0] ? new long[] {old[0], now} : fresh);
    }

    /** The latest read seq passed on for the user's conversation; 0 if none lately. */
    public long get(String userId, String conversationId) {
        long[] entry = seqs.get(ReadStore.id(userId, conversationId));
        return entry == null ? 0 : entry[0];
    }

    /** Forgets entries older than {@value #KEEP_MS} ms; called every few seconds. */
    public void expire() {
        long oldest = clock.getAsLong() - KEEP_MS;
        seqs.values().removeIf(entry -> entry[1] < oldest);
    }
}
