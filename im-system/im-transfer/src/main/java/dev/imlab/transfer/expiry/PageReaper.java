package dev.imlab.transfer.expiry;

import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The work of an expiry pass on one page of conversations: delete each one's expired messages
 * and raise its stored {@code minSeq} bound. {@link ExpiryReaper} does it itself unless it is
 * given one of these: a lab's reaper plugs in here (the server takes a {@code PageReaper} bean when
 * there is one).
 */
public interface PageReaper {

    /**
     * @param maxSeqs conversation id to its {@code maxSeq}, a page of the conversations collection
     * @param now the time of the pass (epoch ms): a message expires when its {@code expireAt <= now}
     * @param deleted told of the messages deleted as it goes, batch by batch, for {@code /metrics}
     * @return how many messages it deleted
     */
    long reap(Map<String, Long> maxSeqs, long now, LongConsumer deleted);
}
