package dev.imlab.transfer.expiry;

import dev.imlab.storage.expiry.Expiry;

import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.message.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired messages and raises each conversation's stored {@code minSeq} bound, every
 * {@code interval}: one pass reads the conversations in pages, computes each one's exact
 * {@code minSeq} ({@link Expiry}), deletes the seqs between the old bound and it in batches of
 * {@value #DELETE_BATCH}, then raises the bound.
 *
 * <p>On a real MongoDB a TTL index deletes too; the reaper is what keeps the bound current there,
 * and what reclaims the space on the stand-in, which has no TTL index. Several reapers (one per
 * transfer process) may run at once: deletes are idempotent and a bound that loses a race is only
 * a lower bound that reads correct by probing. Correctness never waits for a pass.
 */
public final class ExpiryReaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExpiryReaper.class);
    public static final int DELETE_BATCH = 100;
    private static final int PAGE = 500;

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final Expiry expiry;
    private final Clock clock;
    private final PageReaper pages;
    private final LongAdder reclaimed = new LongAdder();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "expiry-reaper");
        t.setDaemon(true);
        return t;
    });

    public ExpiryReaper(ConversationStore conversations, MessageStore messages, Expiry expiry, Clock clock) {
        this(conversations, messages, expiry, clock, null);
    }

    /**
     * @param pages does each page's work; null: this reaper itself, one batched read of the page's
     *     bounds and probes; or one of your own, for example the reaper you wrote in lab09
     */
    public ExpiryReaper(ConversationStore conversations, MessageStore messages, Expiry expiry, Clock clock,
                        PageReaper pages) {
        this.conversations = conversations;
        this.messages = messages;
        this.expiry = expiry;
        this.clock = clock;
        this.pages = pages != null ? pages : this::reap;
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                reapOnce();
            } catch (RuntimeException e) {
                log.warn("expiry pass failed, next one in {}: {}", interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every conversation; returns how many messages it deleted. */
    public long reapOnce() {
        long now = clock.millis();
        long[] deleted = {0};
        conversations.scanMaxSeqs(PAGE, page -> deleted[0] += pages.reap(page, now, reclaimed::add));
        return deleted[0];
    }

    private long reap(Map<String, Long> maxSeqs, long now, LongConsumer progress) {
        Map<String, Long> bounds = expiry.lowerBounds(maxSeqs.keySet());
        long deleted = 0;
        for (Map.Entry<String, Long> e : expiry.minSeqs(maxSeqs, bounds, now).entrySet()) {
            String conversationId = e.getKey();
            long minSeq = e.getValue();
            long bound = Math.max(1, bounds.getOrDefault(conversationId, 1L));
            if (minSeq <= bound) {
                continue;
            }
            for (long from = bound; from < minSeq; from += DELETE_BATCH) {
                long n = messages.delete(conversationId, from, Math.min(minSeq - 1, from + DELETE_BATCH - 1));
                progress.accept(n); // as it goes: a long pass shows its progress in /metrics
                deleted += n;
            }
            expiry.raise(conversationId, minSeq);
        }
        return deleted;
    }

    /** Messages deleted since start, counted batch by batch. */
    public long reclaimed() {
        return reclaimed.sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
