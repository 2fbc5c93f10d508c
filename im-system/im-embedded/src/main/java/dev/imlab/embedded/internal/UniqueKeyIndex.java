package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * A unique index on other fields than the id: an MVStore map from the indexed values (as
 * {@link DocumentKeys}) to the document's key. Stored in the same file, so it is committed with the
 * documents it indexes.
 */
final class UniqueKeyIndex extends AbstractUniqueIndex<String> {
    private final MVMap<String, String> entries;

    UniqueKeyIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<String, String> entries) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    @Override
    protected String getPosition(KeyValue keyValue) {
        return entries.get(DocumentKeys.of(keyValue));
    }

    @Override
    protected String removeDocument(KeyValue keyValue) {
        return entries.remove(DocumentKeys.of(keyValue));
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, String position) {
        return entries.putIfAbsent(DocumentKeys.of(keyValue), position) == null;
    }

    /** Regular expressions are matched by a scan instead (see {@link #canHandle}). */
    @Override
    protected Iterable<Map.Entry<KeyValue, String>> getIterable() {
        throw new UnsupportedOperationException("unique indexes are not iterated");
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        for (String key : keys()) {
            if (BsonRegularExpression.isRegularExpression(query.get(key))) {
                return false;
            }
        }
        return super.canHandle(query);
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        entries.clear();
    }
}
