package dev.imlab.labs.lab10;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns a burst of {@code read} frames into few store writes: a user scrolling through a chat
 * sends a read per screen, and only the last one matters. Reads are cumulative, so per user and
 * conversation the highest read since the last flush wins; a flush reads the stored seqs once,
 * writes those that move once, and announces each that moved with one receipt.
 *
 * <p>A flush, in this order:
 * <ol>
 * <li>Takes each pending read out of the map by key ({@code remove}), not by swapping the whole
 *     map for a new one: a read that merged into a swapped-out map after the flush had looked at
 *     it would be lost, and a read that arrives after its key was removed starts a new entry for
 *     the next flush.
 * <li>Reads the stored seqs of all taken keys in one call: another writer (a message the user
 *     sent moves its read seq too) may have moved them, and a read below the stored seq is neither
 *     written nor announced.
 * <li>Writes those that move in one call, then sends their receipts: a receipt for a write that
 *     failed would tell the other devices something the next {@code sync} takes back.
 * </ol>
 */
public final class ReadCoalescer {
    private final ReadSeqStore store;
    private final Consumer<Read> receipts;
    private final Map<String, Read> pending = new ConcurrentHashMap<>();

    public ReadCoalescer(ReadSeqStore store, Consumer<Read> receipts) {
        this.store = store;
        this.receipts = receipts;
    }

    public void read(Read read) {
        pending.merge(read.key(), read, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    public void flush() {
        Map<String, Read> batch = new HashMap<>();
        for (String key : pending.keySet()) {
            Read read = pending.remove(key);
            if (read != null) {
                batch.put(key, read);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Long> stored = store.readSeqs(batch.keySet());
        Map<String, Long> moves = new HashMap<>();
        batch.forEach((key, read) -> {
            if (read.seq() > stored.getOrDefault(key, 0L)) {
                moves.put(key, read.seq());
            }
        });
        if (moves.isEmpty()) {
            return;
        }
        store.advance(moves);
        moves.keySet().forEach(key -> receipts.accept(batch.get(key)));
    }
}
