package dev.imlab.labs.lab09;

import dev.imlab.storage.Storage;
import dev.imlab.storage.expiry.Expiry;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.transfer.expiry.ExpiryReaper;
import dev.imlab.transfer.expiry.PageReaper;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer's expiry reaper (im-transfer's {@code ExpiryReaper}) doing each conversation with
 * your {@link Reaper}: what {@code Lab09Server} plugs into the real server. The server's reaper
 * still runs the passes (every {@code imlab.retention.reap-interval}) and reads the conversations
 * in pages; for each conversation of a page your reaper gets a {@link StoredLog}, deletes what
 * expired in batches of {@link ExpiryReaper#DELETE_BATCH} and raises the stored bound. Each
 * conversation where it deleted something is logged, with the probes your reaper made.
 */
public final class ReapedPages implements PageReaper {
    private static final Logger log = LoggerFactory.getLogger(ReapedPages.class);

    private final MessageStore messages;
    private final Expiry expiry;

    public ReapedPages(Storage storage) {
        this.messages = storage.messages();
        this.expiry = storage.expiry();
    }

    @Override
    public long reap(Map<String, Long> maxSeqs, long now, LongConsumer deleted) {
        Map<String, Long> bounds = expiry.lowerBounds(maxSeqs.keySet()); // one read for the page
        long total = 0;
        for (Map.Entry<String, Long> conversation : maxSeqs.entrySet()) {
            StoredLog stored = new StoredLog(conversation.getKey(), conversation.getValue(),
                    bounds.getOrDefault(conversation.getKey(), 1L), messages, expiry);
            long n;
            try {
                n = Reaper.reap(stored, now, ExpiryReaper.DELETE_BATCH);
            } catch (Error e) {
                // LabNotDone is an Error: the reaper's timer would swallow it and stop without a word.
                log.error("lab09: Reaper.reap failed; the expiry reaper stops (reads stay exact without it)", e);
                throw e;
            }
            deleted.accept(n);
            total += n;
            if (n > 0) {
                log.info("lab09: Reaper.reap deleted {} expired message(s) of {} (maxSeq {}); stored minSeq bound now {},"
                        + " {} probe(s)", n, conversation.getKey(), conversation.getValue(), stored.lowerBound(),
                        stored.probes());
            }
        }
        return total;
    }
}
