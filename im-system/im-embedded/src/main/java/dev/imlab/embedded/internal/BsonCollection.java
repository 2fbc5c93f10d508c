package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.concurrent.atomic.LongAdder;

/**
 * A collection whose documents are BSON bytes in a {@link DocumentStore}, under the key
 * {@code d/<db>.<collection>\0<document key>} (see {@link DocumentKeys}).
 *
 * <p>Every read decodes a fresh copy, and every change writes new bytes: no stored object is ever
 * shared with a reply or changed in place, so a reply cannot show a half-applied update. Counting
 * and queries on other fields than the id walk the collection's keys.
 */
final class BsonCollection extends AbstractSynchronizedMongoCollection<String> {
    private static final LongAdder FULL_READS = new LongAdder();
    private final DocumentStore store;
    private final byte[] prefix;

    BsonCollection(MongoDatabase database, String name, CollectionOptions options, DocumentStore store, CursorRegistry cursors) {
        super(database, name, options, cursors);
        this.store = store;
        this.prefix = prefixOf(database.getDatabaseName() + "." + name);
    }

    /** The key prefix of a collection's documents; a namespace holds no '\0'. */
    static byte[] prefixOf(String namespace) {
        return DocumentStore.key("d/" + namespace + "\u0000");
    }

    String idField() {
        return getIdField();
    }

    /** The store's key of the document with this {@link DocumentKeys document key}. */
    byte[] storeKey(String key) {
        return DocumentStore.key(prefix, key);
    }

    /** The index on the id, which every collection with an id field has. */
    IdIndex idIndex() {
        for (Index<String> index : getIndexes()) {
            if (index instanceof IdIndex id) {
                return id;
            }
        }
        throw new IllegalStateException("no id index on " + this);
    }

    /** Whether a document is stored under this key. */
    boolean contains(String key) {
        return store.get(DocumentStore.key(prefix, key)) != null;
    }

    @Override
    protected String addDocumentInternal(Document document) {
        String key = getIdField() == null ? "u" + UUID.randomUUID()
                : DocumentKeys.of(Utils.getSubdocumentValue(document, getIdField()));
        // The id index checked that the key is free, under the backend's one-writer lock.
        store.put(DocumentStore.key(prefix, key), Bson.encode(document));
        return key;
    }

    @Override
    protected Document getDocument(String key) {
        return Bson.decode(store.get(DocumentStore.key(prefix, key)));
    }

    @Override
    protected void removeDocument(String key) {
        byte[] storeKey = DocumentStore.key(prefix, key);
        if (store.get(storeKey) == null) {
            throw new NoSuchElementException("no document with key " + key + " in " + this);
        }
        store.delete(storeKey);
    }

    @Override
    protected void handleUpdate(String key, Document oldDocument, Document newDocument) {
        store.put(DocumentStore.key(prefix, key), Bson.encode(newDocument));
    }

    @Override
    public int count() {
        return (int) Math.min(Integer.MAX_VALUE, store.count(prefix));
    }

    @Override
    public boolean isEmpty() {
        return store.isEmpty(prefix);
    }

    /**
     * Reads of a whole collection into the heap since this JVM started: the base class makes one to
     * fill an index it is told is empty; a test checks that opening the store makes none.
     */
    static long fullReads() {
        return FULL_READS.sum();
    }

    @Override
    protected Stream<DocumentWithPosition<String>> streamAllDocumentsWithPosition() {
        FULL_READS.increment();
        List<DocumentWithPosition<String>> all = new ArrayList<>();
        store.scan(prefix, (k, v) -> all.add(new DocumentWithPosition<>(Bson.decode(v), keyOf(k))));
        return all.stream();
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document fieldSelector) {
        List<Document> all = new ArrayList<>();
        store.scan(prefix, (k, v) -> all.add(Bson.decode(v)));
        if (isNaturalDescending(orderBy)) {
            Collections.reverse(all);
        }
        return matchDocumentsFromStream(all.stream(), query, orderBy, skip, limit, batchSize, fieldSelector);
    }

    private String keyOf(byte[] storeKey) {
        return new String(storeKey, prefix.length, storeKey.length - prefix.length, StandardCharsets.UTF_8);
    }

    /**
     * Not tracked: the stock backends compute every document's encoded size on each write for it,
     * and only {@code collStats} reads it. Computed when asked instead.
     */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
    }

    @Override
    protected int getDataSize() {
        long[] bytes = {0};
        store.scan(prefix, (k, v) -> {
            bytes[0] += v.length;
            return true;
        });
        return (int) Math.min(Integer.MAX_VALUE, bytes[0]);
    }
}
