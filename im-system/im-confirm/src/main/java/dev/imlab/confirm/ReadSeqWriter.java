package dev.imlab.confirm;

import dev.imlab.bus.AckRecord;
import java.util.Collection;
import java.util.List;

/**
 * What the confirm role does with the {@code read}s of one poll: store each user's read seq once,
 * and say which reads moved one, for their {@code read_receipt}s. {@link MergingReadSeqWriter} is
 * the role's own; lab10's coalescer plugs in here (the server takes a {@code ReadSeqWriter} bean
 * when there is one). Called on the role's consumer thread, one poll at a time.
 */
public interface ReadSeqWriter {

    /**
     * @param reads the poll's reads ({@link AckRecord#read()}), each user's in the order its devices
     *     sent them; a read may repeat, or come after a higher one of the same user and conversation
     * @return the reads that raised a stored read seq, at most one per user and conversation (its
     *     highest): the role sends a receipt for each, and for nothing else
     */
    Collection<AckRecord> write(List<AckRecord> reads);
}
