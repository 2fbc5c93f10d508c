package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Constants;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * A database of {@link BsonCollection}s in one MVStore: map {@code docs.<db>.<collection>} holds a
 * collection's documents, {@code index.<db>.<collection>$<name>} a unique index on other fields.
 * The list of collections and index definitions are collections themselves (mongo-java-server's
 * {@code system.namespaces} and {@code system.indexes}), so a reopened store finds them again.
 */
final class BsonDatabase extends AbstractSynchronizedMongoDatabase<String> {
    static final String DOCUMENTS_PREFIX = "docs.";
    private static final String INDEX_PREFIX = "index.";
    /** Collection names cannot hold a '$', so no collection's index maps share another's prefix. */
    private static final String INDEX_SEPARATOR = "$";

    private final MVStore store;

    BsonDatabase(String name, MVStore store, CursorRegistry cursors) {
        super(name, cursors);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<String> openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new BsonCollection(this, collectionName, options, documentsOf(collectionName), cursorRegistry);
    }

    @Override
    protected Index<String> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        if (!sparse && keys.size() == 1 && keys.get(0).getKey().equals(idFieldOf(collectionName))) {
            return new IdIndex(indexName, keys, documentsOf(collectionName));
        }
        MVMap<String, String> entries = store.openMap(indexMapName(collectionName, indexName),
                new MVMap.Builder<String, String>().keyType(Utf8Keys.INSTANCE).valueType(Utf8Keys.INSTANCE));
        return new UniqueKeyIndex(indexName, keys, sparse, entries);
    }

    private String idFieldOf(String collectionName) {
        MongoCollection<String> collection = resolveCollection(collectionName, false);
        return collection instanceof BsonCollection bson ? bson.idField() : Constants.ID_FIELD;
    }

    private MVMap<String, byte[]> documentsOf(String collectionName) {
        return store.openMap(DOCUMENTS_PREFIX + getFullCollectionNamespace(collectionName),
                new MVMap.Builder<String, byte[]>().keyType(Utf8Keys.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    private String indexMapName(String collectionName, String indexName) {
        return INDEX_PREFIX + getFullCollectionNamespace(collectionName) + INDEX_SEPARATOR + indexName;
    }

    @Override
    protected void dropIndex(MongoCollection<String> collection, String indexName) {
        super.dropIndex(collection, indexName);
        removeMap(indexMapName(collection.getCollectionName(), indexName));
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String namespace = getFullCollectionNamespace(collectionName);
        removeMap(DOCUMENTS_PREFIX + namespace);
        removeMapsStartingWith(INDEX_PREFIX + namespace + INDEX_SEPARATOR);
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        removeMapsStartingWith(DOCUMENTS_PREFIX + getDatabaseName() + ".");
        removeMapsStartingWith(INDEX_PREFIX + getDatabaseName() + ".");
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        throw new MongoServerException("renaming a collection is not supported by the imlab MongoDB stand-in");
    }

    private void removeMapsStartingWith(String prefix) {
        for (String map : List.copyOf(store.getMapNames())) {
            if (map.startsWith(prefix)) {
                store.removeMap(map);
            }
        }
    }

    private void removeMap(String name) {
        if (store.hasMap(name)) {
            store.removeMap(name);
        }
    }

    @Override
    protected long getStorageSize() {
        return store.getFileStore() == null ? 0 : store.getFileStore().size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }
}
