package dev.imlab.transfer.seq;

import dev.imlab.protocol.ConversationId;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seq allocator that derives each conversation's counter from MongoDB the first time it sees
 * the conversation after a reset, then counts in memory.
 *
 * @implNote Strategy candidates, and why this one:
 *     <ul>
 *     <li>Redis INCR: fast, but a flushed or failed-over Redis hands out seqs again or skips
 *         them (OpenIM #3249, Turms #1569).
 *     <li>Segments reserved from MongoDB with {@code $inc} (OpenIM): cheap, but a crash burns
 *         the rest of a segment, leaving gaps, and needs an atomic counter the stand-in lacks.
 *     <li>Timestamps (Turms): no counter at all, but not dense, so a client cannot see a gap.
 *     <li>Here: the counter is the stored messages themselves. The partition owner is the only
 *         writer, so memory is the truth between resets, and storage is the truth after one.
 *     </ul>
 *     Recovery reads {@code maxSeq}, then probes for messages stored after it (a crash between
 *     storing messages and advancing {@code maxSeq}) and repairs their dedupe entries, so a
 *     redelivered record finds the seq it already got.
 */
public final class DurableSeqAllocator implements SeqAllocator {
    private static final int PROBE = 512;

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final DedupeStore dedupe;
    private final Map<String, long[]> last = new HashMap<>();

    public DurableSeqAllocator(ConversationStore conversations, MessageStore messages, DedupeStore dedupe) {
        this.conversations = conversations;
        this.messages = messages;
        this.dedupe = dedupe;
    }

    @Override
    public long next(String conversationId) {
        return ++counter(conversationId)[0];
    }

    @Override
    public void recover(String conversationId) {
        counter(conversationId);
    }

    private long[] counter(String conversationId) {
        long[] counter = last.get(conversationId);
        if (counter == null) {
            counter = new long[] {load(conversationId)};
            last.put(conversationId, counter);
        }
        return counter;
    }

    @Override
    public void reset() {
        last.clear();
    }

    private long load(String conversationId) {
        long stored = conversations.maxSeq(conversationId);
        long max = stored;
        while (true) {
            List<StoredMessage> beyond = messages.range(conversationId, max + 1, max + PROBE);
            long contiguous = max;
            for (StoredMessage m : beyond) {
                if (m.message().seq() != contiguous + 1) {
                    break;
                }
                contiguous++;
            }
            if (contiguous == max) {
                break;
            }
            dedupe.putAll(beyond.subList(0, (int) (contiguous - max)));
            max = contiguous;
        }
        if (max > stored) {
            ConversationId id = ConversationId.parse(conversationId);
            if (!id.isGroup()) {
                Map<String, Set<String>> byUser = new HashMap<>();
                id.users().forEach(u -> byUser.put(u, Set.of(conversationId)));
                conversations.addToUsers(byUser);
            }
            conversations.advance(Map.of(conversationId, max));
        }
        return max;
    }
}
