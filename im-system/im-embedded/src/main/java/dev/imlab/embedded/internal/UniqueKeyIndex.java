package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A unique index on other fields than the id: under {@code i/<db>.<collection>$<name>\0<values>},
 * the key of the document holding those values. In the same store as the documents, so it is
 * written in the same batch as the document it indexes.
 */
final class UniqueKeyIndex extends AbstractUniqueIndex<String> {
    private final DocumentStore store;
    private final byte[] prefix;

    UniqueKeyIndex(String name, List<IndexKey> keys, boolean sparse, DocumentStore store, String namespace) {
        super(name, keys, sparse);
        this.store = store;
        this.prefix = prefixOf(namespace, name);
    }

    /** A collection's index prefixes start with {@code i/<namespace>$}; a namespace holds no '$'. */
    static byte[] prefixOf(String namespace, String indexName) {
        return DocumentStore.key("i/" + namespace + "$" + indexName + "\u0000");
    }

    @Override
    protected String getPosition(KeyValue keyValue) {
        byte[] position = store.get(DocumentStore.key(prefix, DocumentKeys.of(keyValue)));
        return position == null ? null : new String(position, StandardCharsets.UTF_8);
    }

    @Override
    protected String removeDocument(KeyValue keyValue) {
        String position = getPosition(keyValue);
        if (position != null) {
            store.delete(DocumentStore.key(prefix, DocumentKeys.of(keyValue)));
        }
        return position;
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, String position) {
        if (getPosition(keyValue) != null) {
            return false;
        }
        store.put(DocumentStore.key(prefix, DocumentKeys.of(keyValue)), DocumentStore.key(position));
        return true;
    }

    /** Regular expressions are matched by a scan instead (see {@link #canHandle}). */
    @Override
    protected Iterable<Map.Entry<KeyValue, String>> getIterable() {
        throw new UnsupportedOperationException("unique indexes are not iterated");
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !IdIndex.asksForAPattern(query, keys()) && super.canHandle(query);
    }

    @Override
    public boolean isEmpty() {
        return store.isEmpty(prefix);
    }

    @Override
    public long getCount() {
        return store.count(prefix);
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /** The database deletes the entries with the index (see {@link BsonDatabase#dropIndex}). */
    @Override
    public void drop() {
    }
}
