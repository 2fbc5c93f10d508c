package dev.imlab.storage.cursor;

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
import org.bson.Document;

/**
 * Delivery cursors: {@code {_id: "<user>/<device>/<conversationId>", seq}}, the highest seq the device
 * acked. Written with {@code $max}, so a late or repeated ack never moves a cursor back.
 */
public final class CursorStore {
    private static final ClientUpdateOneOptions UPSERT = ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true);

    private final MongoCollection<Document> cursors;
    private final OrderedWrites writes;

    public CursorStore(MongoCollection<Document> cursors, OrderedWrites writes) {
        this.cursors = cursors;
        this.writes = writes;
    }

    public static String id(String userId, String deviceId, String conversationId) {
        return userId + "/" + deviceId + "/" + conversationId;
    }

    /** Advances the given cursors (id to seq); one bulk write. */
    public void advance(Map<String, Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        List<ClientNamespacedWriteModel> advances = new ArrayList<>(seqs.size());
        seqs.forEach((id, seq) -> advances.add(ClientNamespacedWriteModel.updateOne(cursors.getNamespace(), eq("_id", id),
                Updates.max("seq", seq), UPSERT)));
        writes.apply(advances);
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
