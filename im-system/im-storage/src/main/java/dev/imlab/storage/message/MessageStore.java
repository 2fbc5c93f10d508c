package dev.imlab.storage.message;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import dev.imlab.protocol.Message;
import dev.imlab.storage.OrderedWrites;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;

/**
 * Messages, one document each: {@code _id} is {@code <conversationId>#<seq, 12 digits>}.
 *
 * @implNote The seq is part of the key, so a range pull is a list of point reads (seqs are dense,
 *     so the ids of a range are known without an index), and a second writer that tries to store
 *     the same seq fails on the unique {@code _id} instead of overwriting: inserts, never upserts.
 */
public final class MessageStore {
    private final MongoCollection<Document> messages;
    private final OrderedWrites writes;

    public MessageStore(MongoCollection<Document> messages, OrderedWrites writes) {
        this.messages = messages;
        this.writes = writes;
    }

    public static String id(String conversationId, long seq) {
        String digits = Long.toString(seq);
        StringBuilder id = new StringBuilder(conversationId.length() + 13).append(conversationId).append('#');
        for (int i = digits.length(); i < 12; i++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /**
     * The inserts of a batch, in order. Applied in order and stopped at the first failure, what got
     * stored of a conversation is always a prefix of what was asked: no holes for a retry to step over.
     */
    public List<ClientNamespacedWriteModel> inserts(List<StoredMessage> batch) {
        List<ClientNamespacedWriteModel> inserts = new ArrayList<>(batch.size());
        for (StoredMessage stored : batch) {
            Message m = stored.message();
            Document doc = new Document("_id", id(m.conversationId(), m.seq()))
                    .append("c", m.conversationId())
                    .append("s", m.seq())
                    .append("from", m.from())
                    .append("dev", stored.senderDeviceId())
                    .append("body", m.body())
                    .append("cmid", m.clientMsgId())
                    .append("t", m.serverTime());
            if (m.groupId() != null) {
                doc.append("g", m.groupId());
            }
            inserts.add(ClientNamespacedWriteModel.insertOne(messages.getNamespace(), doc));
        }
        return inserts;
    }

    /** Inserts in order and stops at the first failure (see {@link #inserts}). */
    public void insertAll(List<StoredMessage> batch) {
        writes.apply(inserts(batch));
    }

    /** The stored messages among seqs {@code fromSeq..toSeq}, ascending. */
    public List<StoredMessage> range(String conversationId, long fromSeq, long toSeq) {
        List<String> ids = new ArrayList<>((int) Math.min(toSeq - fromSeq + 1, 1024));
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            ids.add(id(conversationId, seq));
        }
        List<StoredMessage> found = new ArrayList<>(ids.size());
        for (Document doc : messages.find(in("_id", ids))) {
            found.add(fromDocument(doc));
        }
        found.sort(Comparator.comparingLong(s -> s.message().seq()));
        return found;
    }

    private static StoredMessage fromDocument(Document doc) {
        Message message = new Message(doc.getString("c"), doc.getLong("s"), doc.getString("from"), doc.getString("body"),
                doc.getString("cmid"), doc.getLong("t"), doc.getString("g"));
        return new StoredMessage(message, doc.getString("dev"));
    }
}
