package dev.imlab.confirm;

import dev.imlab.bus.AckRecord;
import dev.imlab.storage.read.ReadStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The confirm role's own {@link ReadSeqWriter}. Reads are cumulative, so a poll collapses to one
 * per user and conversation, its highest seq; one read of the stored seqs for all of them, then
 * one bulk {@code $max} write of those that move, so a redelivered or late read can move nothing
 * back and a read that moves nothing is neither written nor announced.
 */
final class MergingReadSeqWriter implements ReadSeqWriter {
    private final ReadStore store;

    MergingReadSeqWriter(ReadStore store) {
        this.store = store;
    }

    @Override
    public Collection<AckRecord> write(List<AckRecord> reads) {
        if (reads.isEmpty()) {
            return List.of();
        }
        Map<String, AckRecord> latest = new HashMap<>();
        for (AckRecord read : reads) {
            latest.merge(ReadStore.id(read.userId(), read.conversationId()), read, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        Map<String, Long> stored = store.readSeqs(latest.keySet());
        Map<String, AckRecord> advancing = new HashMap<>();
        Map<String, Long> seqs = new HashMap<>();
        latest.forEach((id, read) -> {
            if (read.seq() > stored.getOrDefault(id, 0L)) {
                advancing.put(id, read);
                seqs.put(id, read.seq());
            }
        });
        if (!seqs.isEmpty()) {
            store.advance(seqs);
        }
        return advancing.values();
    }
}
