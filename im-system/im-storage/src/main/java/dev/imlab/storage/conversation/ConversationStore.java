package dev.imlab.storage.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import com.mongodb.client.model.bulk.ClientUpdateOneOptions;
import dev.imlab.storage.OrderedWrites;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
    private static final ClientUpdateOneOptions UPSERT = ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true);

    private final MongoCollection<Document> conversations;
    private final MongoCollection<Document> userConversations;
    private final OrderedWrites writes;

    public ConversationStore(MongoCollection<Document> conversations, MongoCollection<Document> userConversations,
                             OrderedWrites writes) {
        this.conversations = conversations;
        this.userConversations = userConversations;
        this.writes = writes;
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

    /** Every conversation with its {@code maxSeq}, {@code pageSize} at a time: for the expiry reaper. */
    public void scanMaxSeqs(int pageSize, Consumer<Map<String, Long>> page) {
        Map<String, Long> current = new HashMap<>();
        for (Document doc : conversations.find().batchSize(pageSize)) {
            current.put(doc.getString("_id"), doc.getLong("maxSeq"));
            if (current.size() == pageSize) {
                page.accept(current);
                current = new HashMap<>();
            }
        }
        if (!current.isEmpty()) {
            page.accept(current);
        }
    }

    public long maxSeq(String conversationId) {
        Document doc = conversations.find(eq("_id", conversationId)).first();
        return doc == null ? 0 : doc.getLong("maxSeq");
    }

    /** The writes that raise each conversation's {@code maxSeq} to the given seq; never lower it. */
    public List<ClientNamespacedWriteModel> advances(Map<String, Long> maxSeqs) {
        List<ClientNamespacedWriteModel> writes = new ArrayList<>(maxSeqs.size());
        maxSeqs.forEach((conversationId, seq) -> writes.add(ClientNamespacedWriteModel.updateOne(
                conversations.getNamespace(), eq("_id", conversationId), Updates.max("maxSeq", seq), UPSERT)));
        return writes;
    }

    public void advance(Map<String, Long> maxSeqs) {
        writes.apply(advances(maxSeqs));
    }

    /** The writes that add conversations to users' lists; idempotent. */
    public List<ClientNamespacedWriteModel> additionsToUsers(Map<String, ? extends Collection<String>> conversationsByUser) {
        List<ClientNamespacedWriteModel> writes = new ArrayList<>(conversationsByUser.size());
        conversationsByUser.forEach((userId, ids) -> writes.add(ClientNamespacedWriteModel.updateOne(
                userConversations.getNamespace(), eq("_id", userId), Updates.addEachToSet("convs", new ArrayList<>(ids)),
                UPSERT)));
        return writes;
    }

    public void addToUsers(Map<String, ? extends Collection<String>> conversationsByUser) {
        writes.apply(additionsToUsers(conversationsByUser));
    }

    public List<String> conversationsOf(String userId) {
        Document doc = userConversations.find(eq("_id", userId)).first();
        if (doc == null) {
            return List.of();
        }
        return doc.getList("convs", String.class, List.of());
    }
}
