package dev.imlab.client.internal;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import dev.imlab.protocol.frame.ServerFrame.PullResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Fetches what a device missed while away: one {@code sync}, then for each conversation whose
 * {@code maxSeq} is past what was delivered, pulls in pages of 200. Runs on the loop thread; the
 * pull answers go through the ordering buffer like any other.
 *
 * <p>Where each conversation starts: {@code max(delivered + 1, minSeq)}. {@code delivered} is
 * read after the sync answer was applied, so for a conversation this client had not seen it is
 * the server's {@code ackedSeq} (the device's own cursor never runs ahead of what it delivered);
 * seqs below {@code minSeq} expired and are not asked for. Each next page starts after the last
 * message of the one before, or at the answer's {@code minSeq} when messages expired while the
 * pages were being fetched; a conversation whose messages all expired is not pulled at all.
 */
final class CatchUp {
    private static final int PAGE = FrameCodec.MAX_PULL_LIMIT;

    /** Writes a pull and answers with its result (after the ordering buffer has its messages). */
    interface Puller {
        CompletableFuture<PullResult> pull(String conversationId, long fromSeq, long toSeq, int limit);
    }

    private final Supplier<CompletableFuture<List<ConversationState>>> sync;
    private final Puller puller;
    private final OrderingBuffer order;
    private final Callbacks callbacks;

    CatchUp(Supplier<CompletableFuture<List<ConversationState>>> sync, Puller puller, OrderingBuffer order,
            Callbacks callbacks) {
        this.sync = sync;
        this.puller = puller;
        this.order = order;
        this.callbacks = callbacks;
    }

    /** Completes when everything from each conversation's start up to its {@code maxSeq} went through {@code onMessage}. */
    CompletableFuture<Void> run() {
        return sync.get().thenCompose(states -> {
            List<CompletableFuture<Void>> conversations = new ArrayList<>();
            for (ConversationState s : states) {
                long from = Math.max(order.delivered(s.conversationId()) + 1, s.minSeq());
                if (from <= s.maxSeq()) {
                    conversations.add(pullPages(s.conversationId(), from, s.maxSeq()));
                }
            }
            return CompletableFuture.allOf(conversations.toArray(new CompletableFuture<?>[0]));
        }).thenCompose(ignored -> {
            CompletableFuture<Void> delivered = new CompletableFuture<>();
            callbacks.afterDelivered(() -> delivered.complete(null));
            return delivered;
        });
    }

    private CompletableFuture<Void> pullPages(String conversationId, long fromSeq, long toSeq) {
        return puller.pull(conversationId, fromSeq, toSeq, PAGE).thenCompose(result -> {
            List<Message> messages = result.messages();
            if (messages.size() < PAGE) {
                return CompletableFuture.completedFuture(null); // complete: the rest of the range is all here
            }
            long next = Math.max(messages.get(messages.size() - 1).seq() + 1, result.minSeq());
            if (next > toSeq) {
                return CompletableFuture.completedFuture(null);
            }
            return pullPages(conversationId, next, toSeq);
        });
    }
}
