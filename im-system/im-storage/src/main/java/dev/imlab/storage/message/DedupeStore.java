package dev.imlab.storage.message;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
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
    private final MongoCollection<Document> dedupe;

    public DedupeStore(MongoCollection<Document> dedupe) {
        this.dedupe = dedupe;
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

    /** Idempotent: writing the same entry twice changes nothing. */
    public void putAll(List<StoredMessage> stored) {
        if (stored.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(stored.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (StoredMessage s : stored) {
            String key = s.dedupeKey();
            Document doc = new Document("_id", key).append("c", s.message().conversationId())
                    .append("s", s.message().seq()).append("t", s.message().serverTime());
            writes.add(new ReplaceOneModel<>(eq("_id", key), doc, upsert));
        }
        dedupe.bulkWrite(writes);
    }
}
