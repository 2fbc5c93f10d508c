package dev.imlab.storage.read;

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
 * A user's read seq per conversation, shared by its devices (PROTOCOL.md v2), in two collections
 * of {@code {_id: "<userId>/<conversationId>", seq}}, each with one writer:
 * <ul>
 *   <li>{@code reads}: what the user said it read ({@code read} frames), written by the confirm
 *       role, which gets all of a user's reads on one partition;
 *   <li>{@code sent_reads}: the seq of the user's latest message there ("sending moves the
 *       sender's read seq"), written by the transfer in the same ordered write as the message, by
 *       the conversation's single writer.
 * </ul>
 * The read seq is the higher of the two. Two collections rather than two fields of one document
 * because two writers updating one document may lose one another's update on the stand-in; and
 * both writes are {@code $max}, so nothing moves a read seq back.
 */
public final class ReadStore {
    private static final ClientUpdateOneOptions UPSERT = ClientUpdateOneOptions.clientUpdateOneOptions().upsert(true);

    private final MongoCollection<Document> reads;
    private final MongoCollection<Document> sentReads;
    private final OrderedWrites writes;

    public ReadStore(MongoCollection<Document> reads, MongoCollection<Document> sentReads, OrderedWrites writes) {
        this.reads = reads;
        this.sentReads = sentReads;
        this.writes = writes;
    }

    /** User ids have no '/', so the first '/' separates the user from the conversation. */
    public static String id(String userId, String conversationId) {
        return userId + "/" + conversationId;
    }

    /** Raises read seqs (id to seq) after {@code read} frames; one bulk write. */
    public void advance(Map<String, Long> seqs) {
        writes.apply(advances(reads, seqs));
    }

    /** The writes that raise senders' read seqs to the seqs of their messages (id to seq). */
    public List<ClientNamespacedWriteModel> sentAdvances(Map<String, Long> seqs) {
        return advances(sentReads, seqs);
    }

    private static List<ClientNamespacedWriteModel> advances(MongoCollection<Document> collection, Map<String, Long> seqs) {
        List<ClientNamespacedWriteModel> writes = new ArrayList<>(seqs.size());
        seqs.forEach((id, seq) -> writes.add(ClientNamespacedWriteModel.updateOne(collection.getNamespace(), eq("_id", id),
                Updates.max("seq", seq), UPSERT)));
        return writes;
    }

    /** Read seqs by id ({@link #id}); ids never read or sent to are absent. Two reads, however many ids. */
    public Map<String, Long> readSeqs(Collection<String> ids) {
        Map<String, Long> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        for (MongoCollection<Document> collection : List.of(reads, sentReads)) {
            for (Document doc : collection.find(in("_id", ids))) {
                found.merge(doc.getString("_id"), doc.getLong("seq"), Math::max);
            }
        }
        return found;
    }
}
