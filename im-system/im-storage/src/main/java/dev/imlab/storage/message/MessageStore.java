package dev.imlab.storage.message;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.bulk.ClientNamespacedWriteModel;
import dev.imlab.protocol.Message;
import dev.imlab.storage.OrderedWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Messages, one document each: {@code _id} is {@code <conversationId>#<seq, 12 digits>}; {@code x}
 * is when it expires (a BSON date, what a MongoDB TTL index deletes by); a recall carries
 * {@code k: "recall"} and {@code rs}, the seq it recalls; a recalled message has lost its body and
 * carries {@code rc: true} and {@code rby}, the dedupe key of the recall.
 *
 * @implNote The seq is part of the key, so a range pull is a list of point reads (seqs are dense,
 *     so the ids of a range are known without an index), and a second writer that tries to store
 *     the same seq fails on the unique {@code _id} instead of overwriting: inserts, never upserts.
 */
public final class MessageStore {
    private static final Comparator<StoredMessage> BY_CONVERSATION_AND_SEQ = Comparator
            .comparing((StoredMessage s) -> s.message().conversationId()).thenComparingLong(s -> s.message().seq());

    private final MongoCollection<Document> messages;
    private final OrderedWrites writes;
    private final Duration ttl;

    public MessageStore(MongoCollection<Document> messages, OrderedWrites writes, Duration ttl) {
        this.messages = messages;
        this.writes = writes;
        this.ttl = ttl;
    }

    /** How long a message lives after its serverTime. */
    public Duration ttl() {
        return ttl;
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
                    .append("t", m.serverTime())
                    .append("x", new Date(m.serverTime() + ttl.toMillis()));
            if (m.groupId() != null) {
                doc.append("g", m.groupId());
            }
            if (m.kind() != null) {
                doc.append("k", m.kind());
            }
            if (m.isRecall()) {
                doc.append("rs", m.recalledSeq());
            }
            if (m.recalled()) {
                doc.append("rc", true).append("rby", stored.recalledBy());
            }
            inserts.add(ClientNamespacedWriteModel.insertOne(messages.getNamespace(), doc));
        }
        return inserts;
    }

    /**
     * The writes that blank recalled messages: body gone, {@code rc} set, and {@code rby} naming the
     * recall (sender + clientMsgId), so a recall redelivered after a crash recognises its own work.
     *
     * @param recalledBy message id ({@link #id}) to the dedupe key of the recall
     */
    public List<ClientNamespacedWriteModel> recalls(Map<String, String> recalledBy) {
        List<ClientNamespacedWriteModel> updates = new ArrayList<>(recalledBy.size());
        recalledBy.forEach((id, by) -> updates.add(ClientNamespacedWriteModel.updateOne(messages.getNamespace(),
                eq("_id", id), Updates.combine(Updates.set("body", ""), Updates.set("rc", true), Updates.set("rby", by)))));
        return updates;
    }

    /** Deletes the given seqs of a conversation; returns how many existed. */
    public long delete(String conversationId, long fromSeq, long toSeq) {
        List<String> ids = new ArrayList<>();
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            ids.add(id(conversationId, seq));
        }
        return ids.isEmpty() ? 0 : messages.deleteMany(in("_id", ids)).getDeletedCount();
    }

    /**
     * Asks MongoDB to delete messages once they expire ({@code expireAfterSeconds: 0} on {@code x}).
     * A real server does it within a minute or so of {@code x}; the stand-in keeps no TTL index, and
     * imlab's reaper deletes there. Reads never depend on either: they check {@code x} themselves.
     */
    public void ensureTtlIndex() {
        messages.createIndex(Indexes.ascending("x"), new IndexOptions().name("expire_at").expireAfter(0L, TimeUnit.SECONDS));
    }

    /** Inserts in order and stops at the first failure (see {@link #inserts}). */
    public void insertAll(List<StoredMessage> batch) {
        writes.apply(inserts(batch));
    }

    /**
     * The stored messages among seqs {@code fromSeq..toSeq}, ascending, expired ones included: what
     * may be shown is {@link dev.imlab.storage.expiry.Expiry}'s to decide.
     */
    public List<StoredMessage> range(String conversationId, long fromSeq, long toSeq) {
        List<String> ids = new ArrayList<>((int) Math.min(toSeq - fromSeq + 1, 1024));
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            ids.add(id(conversationId, seq));
        }
        return find(ids);
    }

    /** The stored messages among the given ids ({@link #id}), by id; one query. */
    public Map<String, StoredMessage> byIds(Collection<String> ids) {
        Map<String, StoredMessage> found = new HashMap<>();
        for (StoredMessage s : find(ids)) {
            found.put(id(s.message().conversationId(), s.message().seq()), s);
        }
        return found;
    }

    private List<StoredMessage> find(Collection<String> ids) {
        List<StoredMessage> found = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return found;
        }
        for (Document doc : messages.find(in("_id", ids))) {
            found.add(fromDocument(doc));
        }
        found.sort(BY_CONVERSATION_AND_SEQ);
        return found;
    }

    private StoredMessage fromDocument(Document doc) {
        long serverTime = doc.getLong("t");
        Number recalledSeq = doc.get("rs", Number.class);
        Message message = new Message(doc.getString("c"), doc.getLong("s"), doc.getString("from"), doc.getString("body"),
                doc.getString("cmid"), serverTime, doc.getString("g"), doc.getString("k"),
                recalledSeq == null ? 0 : recalledSeq.longValue(), Boolean.TRUE.equals(doc.getBoolean("rc")));
        // Messages stored before expiry existed have no "x": they expire by their serverTime like the rest.
        Date expireAt = doc.getDate("x");
        return new StoredMessage(message, doc.getString("dev"),
                expireAt == null ? serverTime + ttl.toMillis() : expireAt.getTime(), doc.getString("rby"));
    }
}
