package dev.imlab.storage.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Per conversation its highest stored seq ({@code conversations: {_id, maxSeq}}), and per user the
 * conversations it has ({@code user_conversations: {_id: userId, convs: [...]}}) so that
 * {@code sync} is two reads by {@code _id}.
 *
 * <p>{@code maxSeq} is written after the messages it counts, with {@code $max} so it never moves back;
 * it may lag behind the messages after a crash, never run ahead of them. The transfer closes
 * the lag when it takes a conversation over (see its seq recovery).
 */
public final class ConversationStore {
    private final MongoCollection<Document> conversations;
    private final MongoCollection<Document> userConversations;

    public ConversationStore(MongoCollection<Document> conversations, MongoCollection<Document> userConversations) {
        this.conversations = conversations;
        this.userConversations = userConversations;
    }

    /** Stored max seqs; conversations without messages are absent. */
    public Map<String, Long> maxSeqs(Collection<String> conversationIds) {
        Map<String, Long> found = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return found;
        }
        for (Document doc : conversations.find(in("_id", conversationIds))) {
            found.put(doc.getString("_id"), doc.getLong("maxSeq"));
        }
        return found;
    }

    public long maxSeq(String conversationId) {
        Document doc = conversations.find(eq("_id", conversationId)).first();
        return doc == null ? 0 : doc.getLong("maxSeq");
    }

    public void advance(Map<String, Long> maxSeqs) {
        if (maxSeqs.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(maxSeqs.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        maxSeqs.forEach((conversationId, seq) ->
                writes.add(new UpdateOneModel<>(eq("_id", conversationId), Updates.max("maxSeq", seq), upsert)));
        conversations.bulkWrite(writes);
    }

    /** Adds conversations to users' lists; idempotent. */
    public void addToUsers(Map<String, ? extends Collection<String>> conversationsByUser) {
        if (conversationsByUser.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(conversationsByUser.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        conversationsByUser.forEach((userId, ids) -> writes.add(new UpdateOneModel<>(eq("_id", userId),
                Updates.addEachToSet("convs", new ArrayList<>(ids)), upsert)));
        userConversations.bulkWrite(writes);
    }

    public List<String> conversationsOf(String userId) {
        Document doc = userConversations.find(eq("_id", userId)).first();
        if (doc == null) {
            return List.of();
        }
        return doc.getList("convs", String.class, List.of());
    }
}
