package dev.imlab.labs.lab02;

import dev.imlab.protocol.ConversationId;
import dev.imlab.storage.Storage;
import dev.imlab.storage.conversation.ConversationStore;
import dev.imlab.storage.message.DedupeStore;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link SeqStore} over the real system's MongoDB collections: {@code conversations.maxSeq} is the
 * recorded max, and the messages' ids ({@code <conversationId>#<seq>}) make a seq range a list of
 * point reads.
 */
public final class MongoSeqStore implements SeqStore {
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final DedupeStore dedupe;

    public MongoSeqStore(Storage storage) {
        this.conversations = storage.conversations();
        this.messages = storage.messages();
        this.dedupe = storage.dedupe();
    }

    @Override
    public long recordedMaxSeq(String conversationId) {
        return conversations.maxSeq(conversationId);
    }

    @Override
    public List<Long> storedSeqs(String conversationId, long fromSeq, long toSeq) {
        checkRange(fromSeq, toSeq);
        List<Long> seqs = new ArrayList<>();
        for (StoredMessage s : messages.range(conversationId, fromSeq, toSeq)) {
            seqs.add(s.message().seq());
        }
        return seqs;
    }

    /**
     * The transfer stores messages, then dedupe entries, then the users' conversation lists, then
     * {@code maxSeq} (im-transfer's {@code BatchProcessor}). A crash after the messages leaves the
     * rest unwritten; all three writes are idempotent, so they are simply made again here.
     */
    @Override
    public void repair(String conversationId, long maxSeq) {
        long recorded = conversations.maxSeq(conversationId);
        for (long from = recorded + 1; from <= maxSeq; from += MAX_RANGE) {
            List<StoredMessage> found = messages.range(conversationId, from, Math.min(maxSeq, from + MAX_RANGE - 1));
            dedupe.putAll(found);
        }
        ConversationId id = ConversationId.parse(conversationId);
        if (!id.isGroup()) {
            Map<String, Set<String>> byUser = new HashMap<>();
            id.users().forEach(user -> byUser.put(user, Set.of(conversationId)));
            conversations.addToUsers(byUser);
        }
        conversations.advance(Map.of(conversationId, maxSeq));
    }

    static void checkRange(long fromSeq, long toSeq) {
        if (fromSeq < 1 || toSeq < fromSeq || toSeq - fromSeq >= MAX_RANGE) {
            throw new IllegalArgumentException("seqs " + fromSeq + ".." + toSeq + ": want 1 <= fromSeq <= toSeq, at most "
                    + MAX_RANGE + " seqs per call");
        }
    }
}
