package dev.imlab.labs.lab02;

import dev.imlab.transfer.seq.SeqAllocator;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out each conversation's seqs, 1, 2, 3, ..., with no gap and no duplicate, across crashes
 * and restarts. Called by one thread: the owner of the conversation's Kafka partition.
 *
 * @implNote Strategy candidates, and why this one:
 *     <ul>
 *     <li>A counter in Redis ({@code INCR}): fast and shared, but a flushed or failed-over Redis
 *         starts again below seqs already handed out (duplicates) or above them (gaps).
 *     <li>Segments reserved ahead from the database ({@code $inc} by 1000, count in memory): one
 *         write per thousand messages, but a crash burns the rest of the segment, a gap that
 *         clients would wait for or pull in vain.
 *     <li>Here: no counter is stored at all. The stored messages are the counter: between resets
 *         memory is the truth (this is the only writer), after one the store is. A seq handed
 *         out but never stored is simply handed out again, so there is nothing to burn.
 *     </ul>
 *     The recorded max seq is only a starting point for the search: it is written after the
 *     messages, so a crash in between leaves stored messages beyond it, found by reading ahead.
 */
public final class GapFreeSeqAllocator implements SeqAllocator {
    private final SeqStore store;
    /** The last seq handed out per conversation, since the last start or reset. */
    private final Map<String, Long> last = new HashMap<>();

    public GapFreeSeqAllocator(SeqStore store) {
        this.store = store;
    }

    /** One more than the last seq handed out, or, the first time after a start or a reset, than the last one stored. */
    @Override
    public long next(String conversationId) {
        recover(conversationId);
        long seq = last.get(conversationId) + 1;
        last.put(conversationId, seq);
        return seq;
    }

    /**
     * Loads the conversation from the store now, if it is not loaded yet, and has the store repair
     * what a crash left half-written. The transfer calls it for each conversation of a batch before
     * it looks for repeats, so that a message stored just before a crash is found as one.
     */
    @Override
    public void recover(String conversationId) {
        if (!last.containsKey(conversationId)) {
            last.put(conversationId, lastStored(conversationId));
        }
    }

    /** Forgets everything counted in memory: the next {@link #next} of each conversation asks the store. */
    @Override
    public void reset() {
        last.clear();
    }

    /**
     * The last stored seq: the recorded max, then whatever was stored right after it, read ahead a
     * page at a time. Stored messages always form a prefix (the transfer inserts in order and stops
     * at the first failure), so the first missing seq ends the search.
     */
    private long lastStored(String conversationId) {
        long recorded = store.recordedMaxSeq(conversationId);
        long max = recorded;
        while (true) {
            long before = max;
            for (long seq : store.storedSeqs(conversationId, max + 1, max + SeqStore.MAX_RANGE)) {
                if (seq != max + 1) {
                    break;
                }
                max = seq;
            }
            if (max - before < SeqStore.MAX_RANGE) {
                break; // a missing seq within the page: nothing after it is stored
            }
        }
        if (max > recorded) {
            store.repair(conversationId, max);
        }
        return max;
    }
}
