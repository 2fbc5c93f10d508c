package dev.imlab.client.internal;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame.ConversationState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Fetches what a device missed while away: one {@code sync}, then for each conversation whose
 * {@code maxSeq} is past what was delivered, pulls from {@code delivered + 1} in pages of 200.
 * Runs on the loop thread; the pull answers go through the ordering buffer like any other.
 *
 * <p>{@code delivered} is read after the sync answer was applied, so for a conversation this
 * client had not seen it is the server's {@code ackedSeq}: the start is
 * {@code max(ackedSeq, delivered) + 1}, as the device's own cursor never runs ahead of what it
 * delivered.
 */
final class CatchUp {
    private static final int PAGE = FrameCodec.MAX_PULL_LIMIT;

    /** Writes a pull and answers with its messages (after the ordering buffer has them). */
    interface Puller {
        CompletableFuture<List<Message>> pull(String conversationId, long fromSeq, long toSeq, int limit);
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

    /** Completes when everything up to each conversation's {@code maxSeq} went through {@code onMessage}. */
    CompletableFuture<Void> run() {
        return sync.get().thenCompose(states -> {
            List<CompletableFuture<Void>> conversations = new ArrayList<>();
            for (ConversationState s : states) {
                long from = order.delivered(s.conversationId()) + 1;
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
        return puller.pull(conversationId, fromSeq, toSeq, PAGE).thenCompose(messages -> {
            long last = messages.isEmpty() ? toSeq : messages.get(messages.size() - 1).seq();
            if (messages.size() < PAGE || last >= toSeq) {
                return CompletableFuture.completedFuture(null);
            }
            return pullPages(conversationId, last + 1, toSeq);
        });
    }
}
