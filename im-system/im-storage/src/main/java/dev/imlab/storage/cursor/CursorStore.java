package dev.imlab.storage.cursor;

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
 * Delivery cursors: {@code {_id: "<user>/<device>/<conversationId>", seq}}, the highest seq the device
 * acked. Written with {@code $max}, so a late or repeated ack never moves a cursor back.
 */
public final class CursorStore {
    private final MongoCollection<Document> cursors;

    public CursorStore(MongoCollection<Document> cursors) {
        this.cursors = cursors;
    }

    public static String id(String userId, String deviceId, String conversationId) {
        return userId + "/" + deviceId + "/" + conversationId;
    }

    /** Advances the given cursors (id to seq); one bulk write. */
    public void advance(Map<String, Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(seqs.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        seqs.forEach((id, seq) -> writes.add(new UpdateOneModel<>(eq("_id", id), Updates.max("seq", seq), upsert)));
        cursors.bulkWrite(writes);
    }

    /** Conversation id to acked seq for one device; conversations never acked are absent. */
    public Map<String, Long> cursorsOf(String userId, String deviceId, Collection<String> conversationIds) {
        Map<String, String> byId = new HashMap<>();
        for (String conversationId : conversationIds) {
            byId.put(id(userId, deviceId, conversationId), conversationId);
        }
        Map<String, Long> found = new HashMap<>();
        if (byId.isEmpty()) {
            return found;
        }
        for (Document doc : cursors.find(in("_id", byId.keySet()))) {
            found.put(byId.get(doc.getString("_id")), doc.getLong("seq"));
        }
        return found;
    }
}
