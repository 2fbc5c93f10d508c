package dev.imlab.storage.message;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import com.mongodb.client.model.bulk.ClientReplaceOneOptions;
import dev.imlab.storage.OrderedWrites;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Sender + clientMsgId to the seq it was stored under: {@code {_id: "<sender>/<clientMsgId>", c, s, t}}.
 * A repeat of the same key, from a client re-send or a redelivered Kafka record, maps to the
 * stored message instead of storing a second copy.
 */
public final class DedupeStore {
    private static final ClientReplaceOneOptions UPSERT = ClientReplaceOneOptions.clientReplaceOneOptions().upsert(true);

    private final MongoCollection<Document> dedupe;
    private final OrderedWrites writes;

    public DedupeStore(MongoCollection<Document> dedupe, OrderedWrites writes) {
        this.dedupe = dedupe;
        this.writes = writes;
    }

    /** User ids have no '/', so the first '/' separates sender from clientMsgId. */
    public static String key(String senderId, String clientMsgId) {
        return senderId + "/" + clientMsgId;
    }

    public Map<String, DedupeEntry> findAll(Collection<String> keys) {
        Map<String, DedupeEntry> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        for (Document doc : dedupe.find(in("_id", keys))) {
            found.put(doc.getString("_id"), new DedupeEntry(doc.getString("c"), doc.getLong("s"), doc.getLong("t")));
        }
        return found;
    }

    /** The writes that record where each message was stored; idempotent: writing an entry twice changes nothing. */
    public List<ClientNamespacedWriteModel> puts(List<StoredMessage> stored) {
        List<ClientNamespacedWriteModel> puts = new ArrayList<>(stored.size());
        for (StoredMessage s : stored) {
            String key = s.dedupeKey();
            Document doc = new Document("_id", key).append("c", s.message().conversationId())
                    .append("s", s.message().seq()).append("t", s.message().serverTime());
            puts.add(ClientNamespacedWriteModel.replaceOne(dedupe.getNamespace(), eq("_id", key), doc, UPSERT));
        }
        return puts;
    }

    public void putAll(List<StoredMessage> stored) {
        writes.apply(puts(stored));
    }
}
