package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;

/**
 * A database of {@link BsonCollection}s in a {@link DocumentStore}. The list of collections and the
 * index definitions are collections themselves (mongo-java-server's {@code system.namespaces} and
 * {@code system.indexes}), so a reopened store finds them again.
 */
final class BsonDatabase extends AbstractSynchronizedMongoDatabase<String> {
    private final DocumentStore store;

    BsonDatabase(String name, DocumentStore store, CursorRegistry cursors) {
        super(name, cursors);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<String> openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new BsonCollection(this, collectionName, options, store, cursorRegistry);
    }

    @Override
    protected Index<String> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        if (resolveCollection(collectionName, false) instanceof BsonCollection collection
                && !sparse && keys.size() == 1 && keys.get(0).getKey().equals(collection.idField())) {
            return new IdIndex(indexName, keys, collection);
        }
        return new UniqueKeyIndex(indexName, keys, sparse, store, getFullCollectionNamespace(collectionName));
    }

    @Override
    protected void dropIndex(MongoCollection<String> collection, String indexName) {
        super.dropIndex(collection, indexName);
        store.deleteAll(UniqueKeyIndex.prefixOf(collection.getFullName(), indexName));
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String namespace = getFullCollectionNamespace(collectionName);
        store.deleteAll(BsonCollection.prefixOf(namespace));
        store.deleteAll(DocumentStore.key("i/" + namespace + "$"));
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        store.deleteAll(DocumentStore.key("d/" + getDatabaseName() + "."));
        store.deleteAll(DocumentStore.key("i/" + getDatabaseName() + "."));
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        throw new MongoServerException("renaming a collection is not supported by the imlab MongoDB stand-in");
    }

    @Override
    protected long getStorageSize() {
        return 0;
    }

    @Override
    protected long getFileSize() {
        return 0;
    }
}
