package dev.imlab.labs.lab12;

import dev.imlab.transfer.seq.SeqAllocator;
import java.util.HashMap;
import java.util.Map;

/**
 * Seqs from an id service on the network, {@code block} at a time: the transfer asks it for the
 * next numbers of a conversation whenever the block it holds is used up. Only the partition's
 * owner calls it, from its poll thread, so no lock is needed. A reset forgets the blocks: the rest
 * of each is never handed out, the price of reserving (im-transfer's {@code DurableSeqAllocator}
 * weighs it against the other ways).
 */
final class RemoteSeqAllocator implements SeqAllocator {
    private final RemoteService ids;
    private final int block;
    private final Map<String, long[]> reserved = new HashMap<>();

    RemoteSeqAllocator(RemoteService ids, int block) {
        this.ids = ids;
        this.block = block;
    }

    @Override
    public long next(String conversationId) {
        long[] range = reserved.get(conversationId);
        if (range == null || range[0] == range[1]) {
            long first = ids.next(conversationId, block);
            range = new long[] {first, first + block};
            reserved.put(conversationId, range);
        }
        return range[0]++;
    }

    @Override
    public void reset() {
        reserved.clear();
    }
}
