package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The writes a transfer batch is made of, done on the stored bytes by id instead of through
 * mongo-java-server's general engine: an insert with an id, a replacement or an update of one
 * document by its id with {@code $set}, {@code $setOnInsert}, {@code $max} or {@code $addToSet}, into a
 * collection whose only kept index is the id's. The engine plans a query, clones the document,
 * walks every index and re-checks the id for each of them; here a write is one lookup of the key
 * and one put.
 *
 * <p>A write this class does not recognise returns {@code null} and the engine runs it: a filter on
 * another field than the id, a field path with a dot, a nested document, any other operator,
 * {@code multi}, array filters, a collection with a unique index of its own or not created yet. The
 * answers are the engine's: {@code DirectWritesTest} runs the same writes both ways and compares
 * the replies and the stored documents.
 */
final class DirectWrites {
    private static final Set<String> OPERATORS = Set.of("$set", "$setOnInsert", "$max", "$addToSet");
    private static final String ID = "_id";

    /** What an update did: documents matched, modified, and the id of an upserted one (or null). */
    record Updated(int matched, int modified, Object upsertedId) {
    }

    private static final LongAdder WRITES = new LongAdder();
    private static final LongAdder FINDS = new LongAdder();
    private final DocumentStore store;
    private final Function<String, MongoDatabase> databases;

    /** @param databases a database by name, or null if there is none (a lookup must not create one) */
    DirectWrites(DocumentStore store, Function<String, MongoDatabase> databases) {
        this.store = store;
        this.databases = databases;
    }

    /** A document's key in its collection and, for a new or replacing document, its BSON bytes. */
    record Encoded(String key, byte[] bytes) {
    }

    /**
     * What can be worked out of a bulk write's operations before the writer lock is taken: the keys
     * of the documents, and the bytes of those inserted or replaced. Encoding is most of the work of a
     * direct write; done here, it runs beside another command's writes instead of behind them.
     */
    static final class Prepared {
        private final Map<Document, Encoded> byOperation = new IdentityHashMap<>();

        Encoded of(Document op) {
            return byOperation.get(op);
        }
    }

    /** Prepares a client-level {@code bulkWrite} command's operations; what it cannot read is left to the lock. */
    static Prepared prepare(Document command) {
        Prepared prepared = new Prepared();
        if (!(command.get("ops") instanceof List<?> ops)) {
            return prepared;
        }
        for (Object o : ops) {
            if (o instanceof Document op) {
                try {
                    Encoded encoded = encoded(op);
                    if (encoded != null) {
                        prepared.byOperation.put(op, encoded);
                    }
                } catch (RuntimeException e) {
                    // a malformed operation: the command, under the lock, answers it with the engine's error
                }
            }
        }
        return prepared;
    }

    private static Encoded encoded(Document op) {
        if (op.get("document") instanceof Document document && op.containsKey("insert")) {
            return insertable(document) ? new Encoded(DocumentKeys.of(document.get(ID)), Bson.encode(document)) : null;
        }
        if (!op.containsKey("update") || !(op.get("filter") instanceof Document filter) || filter.size() != 1
                || !plainId(filter.get(ID)) || !(op.get("updateMods") instanceof Document change)) {
            return null;
        }
        Object id = filter.get(ID);
        String key = DocumentKeys.of(id);
        if (isReplacement(change) && replaceable(change, id)) {
            return new Encoded(key, Bson.encode(replaced(id, change)));
        }
        return new Encoded(key, null);
    }

    /** The fields a driver adds to every {@code find}; any other (a sort, a projection, a limit...) is the engine's. */
    private static final Set<String> PLAIN_FIND_FIELDS = Set.of("find", "filter", "$db", "lsid", "$clusterTime",
            "$readPreference");
    /** MongoDB's first batch when the client names none: a larger answer needs cursors, which the engine keeps. */
    private static final int DEFAULT_FIRST_BATCH = 101;

    /**
     * A {@code find} of documents by id, {@code {_id: x}} or {@code {_id: {$in: [...]}}} (the transfer's
     * dedupe lookup), answered by looking each key up; null for any other find. Runs without the writer
     * lock, as every read does: it sees the store as of the last applied command.
     */
    Document find(String database, Document query) {
        if (!(query.get("find") instanceof String name) || !PLAIN_FIND_FIELDS.containsAll(query.keySet())
                || !(query.get("filter") instanceof Document filter) || filter.size() != 1) {
            return null;
        }
        Object condition = filter.get(ID);
        List<?> ids;
        if (condition instanceof Document in) {
            if (in.size() != 1 || !(in.get("$in") instanceof List<?> list)) {
                return null;
            }
            ids = list;
        } else if (condition != null) {
            ids = List.of(condition);
        } else {
            return null;
        }
        for (Object id : ids) {
            if (!plainId(id)) {
                return null;
            }
        }
        BsonCollection collection = collection(database, name);
        if (collection == null) {
            return null;
        }
        TreeMap<byte[], byte[]> found = new TreeMap<>(Arrays::compareUnsigned); // the id index's order, the engine's
        for (Object id : ids) {
            byte[] key = collection.storeKey(DocumentKeys.of(id));
            byte[] value = store.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        if (found.size() > DEFAULT_FIRST_BATCH) {
            return null;
        }
        List<Document> documents = new ArrayList<>(found.size());
        found.values().forEach(bytes -> documents.add(Bson.decode(bytes)));
        FINDS.increment();
        Document cursor = new Document("firstBatch", documents).append("id", 0L).append("ns", database + "." + name);
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    /** Writes done directly since this JVM started (a test checks which path the transfer's writes take). */
    static long writes() {
        return WRITES.sum();
    }

    /** Finds answered directly since this JVM started. */
    static long finds() {
        return FINDS.sum();
    }

    /** The collection, if it exists and every insert, update and find of this class may go to it directly; else null. */
    BsonCollection collection(String database, String name) {
        MongoDatabase db = databases.apply(database);
        MongoCollection<?> collection = db == null ? null : db.resolveCollection(name, false);
        if (!(collection instanceof BsonCollection c) || !ID.equals(c.idField())) {
            return null;
        }
        for (Index<String> index : c.getIndexes()) {
            if (!(index instanceof IdIndex) && !(index instanceof BsonDatabase.IgnoredIndex)) {
                return null;
            }
        }
        return c;
    }

    /** Whether {@link #insert} takes this document: an id of its own and plain top-level fields. */
    static boolean insertable(Document document) {
        return plainId(document.get(ID)) && plainFields(document);
    }

    /**
     * Stores a new document; throws the engine's duplicate key error if its id is taken.
     *
     * @param prepared its key and bytes, if worked out beforehand ({@link #prepare}), else null
     */
    void insert(BsonCollection collection, Document document, Encoded prepared) {
        Object id = document.get(ID);
        byte[] key = collection.storeKey(prepared != null ? prepared.key() : DocumentKeys.of(id));
        if (store.get(key) != null) {
            IdIndex index = collection.idIndex();
            throw new DuplicateKeyError(index, collection, index.getKeys(), new KeyValue(id));
        }
        store.put(key, prepared != null ? prepared.bytes() : Bson.encode(document));
        WRITES.increment();
    }

    /**
     * Runs a one-document update or replacement by id, or returns null if it is not one this class
     * does (the caller then hands it to the engine).
     */
    Updated update(BsonCollection collection, Document filter, Object mods, boolean upsert, Encoded prepared) {
        if (filter.size() != 1 || !plainId(filter.get(ID)) || !(mods instanceof Document change)) {
            return null;
        }
        Object id = filter.get(ID);
        boolean replacement = isReplacement(change);
        if (replacement ? !replaceable(change, id) : !updatable(change)) {
            return null;
        }
        byte[] key = collection.storeKey(prepared != null ? prepared.key() : DocumentKeys.of(id));
        byte[] stored = store.get(key);
        if (stored == null) {
            WRITES.increment();
            if (!upsert) {
                return new Updated(0, 0, null);
            }
            if (replacement) {
                store.put(key, prepared != null ? prepared.bytes() : Bson.encode(replaced(id, change)));
            } else {
                Document created = new Document(ID, id);
                apply(change, created, true);
                store.put(key, Bson.encode(created));
            }
            return new Updated(1, 0, id);
        }
        Document old = replacement ? null : Bson.decode(stored);
        if (!replacement && !appliesTo(change, old)) {
            return null;
        }
        WRITES.increment();
        byte[] bytes;
        if (replacement) {
            // A string or ObjectId stored under this key is the filter's id itself: the same bytes as an upsert's.
            bytes = prepared != null ? prepared.bytes() : Bson.encode(replaced(id, change));
        } else {
            Document updated = old.clone();
            apply(change, updated, false);
            bytes = Bson.encode(updated);
        }
        if (Arrays.equals(bytes, stored)) {
            return new Updated(1, 0, null);
        }
        store.put(key, bytes);
        return new Updated(1, 1, null);
    }

    private static boolean isReplacement(Document change) {
        return change.isEmpty() || !change.keySet().iterator().next().startsWith("$");
    }

    /** The document a replacement makes: the id first, then the replacement's other fields in its order. */
    private static Document replaced(Object id, Document replacement) {
        Document created = new Document(ID, id);
        replacement.forEach((field, value) -> {
            if (!field.equals(ID)) {
                created.put(field, value);
            }
        });
        return created;
    }

    @SuppressWarnings("unchecked")
    private static void apply(Document change, Document target, boolean inserting) {
        for (Map.Entry<String, Object> op : change.entrySet()) {
            Document fields = (Document) op.getValue();
            switch (op.getKey()) {
                case "$set" -> target.putAll(fields);
                case "$setOnInsert" -> {
                    if (inserting) {
                        target.putAll(fields);
                    }
                }
                case "$max" -> fields.forEach((field, value) -> {
                    if (!target.containsKey(field) || ValueComparator.asc().compare(value, target.get(field)) > 0) {
                        target.put(field, value);
                    }
                });
                case "$addToSet" -> fields.forEach((field, value) -> {
                    List<Object> adding = value instanceof Document each ? (List<Object>) each.get("$each") : List.of(value);
                    List<Object> list = target.containsKey(field) ? new ArrayList<>((List<Object>) target.get(field))
                            : new ArrayList<>();
                    for (Object v : adding) {
                        if (list.stream().noneMatch(present -> ValueComparator.asc().compare(present, v) == 0)) {
                            list.add(v);
                        }
                    }
                    target.put(field, list);
                });
                default -> throw new IllegalStateException("not a direct operator: " + op.getKey());
            }
        }
    }

    /** A replacement without operators or nested documents, whose id, if it has one, is the filter's. */
    private static boolean replaceable(Document replacement, Object filterId) {
        if (replacement.containsKey(ID) && !filterId.equals(replacement.get(ID))) {
            return false;
        }
        return plainFields(replacement);
    }

    /**
     * Operators of {@link #OPERATORS} only, each on plain top-level fields other than the id, no field
     * named twice (the engine refuses that as a conflict), {@code $addToSet} of scalars or of
     * {@code $each} a list of scalars (what the stored document holds is checked when applied: see
     * {@link #appliesTo}).
     */
    private static boolean updatable(Document change) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Object> op : change.entrySet()) {
            if (!OPERATORS.contains(op.getKey()) || !(op.getValue() instanceof Document fields) || fields.isEmpty()) {
                return false;
            }
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                String field = f.getKey();
                if (field.equals(ID) || !plainName(field) || !seen.add(field)) {
                    return false;
                }
                Object value = f.getValue();
                if (op.getKey().equals("$addToSet")) {
                    if (value instanceof Document each) {
                        if (each.size() != 1 || !(each.get("$each") instanceof List<?> list)
                                || !list.stream().allMatch(DirectWrites::scalar)) {
                            return false;
                        }
                    } else if (!scalar(value)) {
                        return false;
                    }
                } else if (!scalar(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the operators find what they can work on in the stored document: {@code $addToSet} a
     * list or nothing, {@code $max} a scalar or nothing. On anything else the engine answers (an error,
     * or an order between a list and a scalar), and only the engine words it.
     */
    private static boolean appliesTo(Document change, Document stored) {
        for (String op : List.of("$addToSet", "$max")) {
            if (change.get(op) instanceof Document fields) {
                for (String field : fields.keySet()) {
                    Object present = stored.get(field);
                    boolean fits = op.equals("$addToSet") ? present == null || present instanceof List<?> : scalar(present);
                    if (stored.containsKey(field) && !fits) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean plainFields(Document document) {
        for (Map.Entry<String, Object> f : document.entrySet()) {
            String field = f.getKey();
            if (!plainName(field) || !(field.equals(ID) ? plainId(f.getValue()) : plainValue(f.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainName(String field) {
        return !field.isEmpty() && field.charAt(0) != '$' && field.indexOf('.') < 0 && field.indexOf('\u0000') < 0;
    }

    /**
     * A string or an ObjectId: the ids imlab uses. Numbers are left to the engine, whose choice of
     * which of two equal ids of different types (1 and 1L) a replaced or upserted document keeps is its own.
     */
    private static boolean plainId(Object id) {
        return id instanceof String || id instanceof ObjectId;
    }

    /** A field value: a scalar, or a list of scalars. */
    private static boolean plainValue(Object value) {
        if (value instanceof List<?> list) {
            for (Object v : list) {
                if (!scalar(v)) {
                    return false;
                }
            }
            return true;
        }
        return scalar(value);
    }

    private static boolean scalar(Object value) {
        // The common values first: a check costs a type test or two.
        return value instanceof String || value instanceof Number || value instanceof Boolean || value == null
                || !(value instanceof Document || value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Object[]);
    }
}
