package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;

/**
 * The {@code _id} index of a {@link BsonCollection}: the collection's own keys, which are its
 * documents' ids already. A second copy of every id (what the stock backends keep) would double
 * the writes of every insert for nothing.
 */
final class IdIndex extends AbstractUniqueIndex<String> {
    private final BsonCollection collection;

    IdIndex(String name, List<IndexKey> keys, BsonCollection collection) {
        super(name, keys, false);
        this.collection = collection;
    }

    @Override
    protected String getPosition(KeyValue keyValue) {
        String key = DocumentKeys.of(keyValue);
        return collection.contains(key) ? key : null;
    }

    /** The collection removes the document itself; the index only says where it was. */
    @Override
    protected String removeDocument(KeyValue keyValue) {
        return getPosition(keyValue);
    }

    /** The collection has just stored the document under its key: there is nothing to add or to check again. */
    @Override
    public void add(Document document, String position, MongoCollection<String> collection) {
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, String position) {
        return true;
    }

    /** Regular expressions on ids are matched by a scan instead (see {@link #canHandle}). */
    @Override
    protected Iterable<Map.Entry<KeyValue, String>> getIterable() {
        throw new UnsupportedOperationException("the id index is not iterated");
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !asksForAPattern(query, keys()) && super.canHandle(query);
    }

    /** A regular expression on an indexed field: the stand-in's indexes are not iterated, a scan matches it. */
    static boolean asksForAPattern(Document query, List<String> keys) {
        for (String key : keys) {
            if (BsonRegularExpression.isRegularExpression(query.get(key))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isEmpty() {
        return collection.isEmpty();
    }

    @Override
    public long getCount() {
        return collection.count();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
    }
}
