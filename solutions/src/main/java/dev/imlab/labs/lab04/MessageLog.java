package dev.imlab.labs.lab04;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored messages, laid out so that a range of seqs is cheap to read, with each conversation's
 * max seq and each user's list of conversations. Single chats only.
 *
 * <p>The layout: a message's key is {@code <conversationId>#<seq as 12 digits>}. Seqs are dense,
 * so the keys of a range are known without looking: a pull of seqs 41..60 is twenty reads by
 * key, in one round trip, on any store that can read by key. The zero padding makes the keys of
 * one conversation sort by seq as strings do ("#000000000009" before "#000000000010"), so on a
 * store that keeps keys in order (a B-tree, HBase, Bigtable) a range is also one short scan.
 *
 * @implNote Layout candidates: a document per conversation with an array of messages (one read,
 *     but it grows without bound and every append rewrites it); a random id with an index on
 *     (conversation, seq) (cheap writes, but every pull is an index walk, and the MongoDB
 *     stand-in has no indexes at all); a key made of conversation and seq (chosen: the seq the
 *     transfer hands out is the address, and a second writer of the same seq fails on the key
 *     instead of overwriting).
 */
public final class MessageLog {
    private static final int SEQ_DIGITS = 12;

    private final Database db;

    public MessageLog(Database db) {
        this.db = db;
    }

    /** The key a message is stored under. Keys of one conversation sort in seq order. */
    public static String key(String conversationId, long seq) {
        String digits = Long.toString(seq);
        return conversationId + "#" + "0".repeat(Math.max(0, SEQ_DIGITS - digits.length())) + digits;
    }

    /**
     * Stores a numbered message, raises its conversation's max seq, and adds the conversation to
     * both users' lists.
     *
     * @throws IllegalStateException if a message is already stored under this conversation and seq
     */
    public void append(Message message) {
        String conversationId = message.conversationId();
        String key = key(conversationId, message.seq());
        if (!db.messages.insert(key, message)) {
            throw new IllegalStateException("a message is already stored under " + key + ": two messages got seq "
                    + message.seq());
        }
        Long max = db.maxSeqs.get(conversationId);
        if (max == null || message.seq() > max) {
            db.maxSeqs.put(conversationId, message.seq());
        }
        if (max == null) { // the conversation's first message: now both users have it
            for (String user : ConversationId.parse(conversationId).users()) {
                List<String> conversations = new ArrayList<>(conversationsOf(user));
                conversations.add(conversationId);
                db.userConversations.put(user, conversations);
            }
        }
    }

    /** The conversation's highest stored seq, 0 if none. */
    public long maxSeq(String conversationId) {
        Long max = db.maxSeqs.get(conversationId);
        return max == null ? 0 : max;
    }

    /**
     * The lowest {@code limit} stored seqs among {@code fromSeq..toSeq}, ascending, without a scan.
     * Seqs are dense, so those are the first {@code limit} seqs of the range up to the max seq:
     * their keys are computed and read in one call, and nothing past the max seq is read.
     */
    public List<Message> range(String conversationId, long fromSeq, long toSeq, int limit) {
        if (fromSeq < 1 || toSeq < fromSeq || limit < 1) {
            throw new IllegalArgumentException("seqs " + fromSeq + ".." + toSeq + " limit " + limit
                    + ": want 1 <= fromSeq <= toSeq and limit >= 1");
        }
        long last = Math.min(Math.min(toSeq, maxSeq(conversationId)), fromSeq + limit - 1);
        List<String> keys = new ArrayList<>();
        for (long seq = fromSeq; seq <= last; seq++) {
            keys.add(key(conversationId, seq));
        }
        return new ArrayList<>(db.messages.getAll(keys).values());
    }

    /** The conversations of a user, in the order they began. */
    public List<String> conversationsOf(String userId) {
        List<String> conversations = db.userConversations.get(userId);
        return conversations == null ? List.of() : conversations;
    }
}
