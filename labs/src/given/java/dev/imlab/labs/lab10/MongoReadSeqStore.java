package dev.imlab.labs.lab10;

import dev.imlab.storage.read.ReadStore;
import java.util.Collection;
import java.util.Map;

/** The real server's read seqs (im-storage's {@code ReadStore}, the {@code reads} collection), as a {@link ReadSeqStore}. */
public final class MongoReadSeqStore implements ReadSeqStore {
    private final ReadStore reads;

    public MongoReadSeqStore(ReadStore reads) {
        this.reads = reads;
    }

    @Override
    public Map<String, Long> readSeqs(Collection<String> keys) {
        return reads.readSeqs(keys); // the higher of what was read and what the user sent there
    }

    @Override
    public void advance(Map<String, Long> seqs) {
        reads.advance(seqs);
    }
}
