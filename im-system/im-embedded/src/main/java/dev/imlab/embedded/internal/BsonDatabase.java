package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of {@link BsonCollection}s in a {@link DocumentStore}. The list of collections and the
 * index definitions are collections themselves (mongo-java-server's {@code system.namespaces} and
 * {@code system.indexes}), so a reopened store finds them again.
 */
final class BsonDatabase extends AbstractSynchronizedMongoDatabase<String> {
    private static final Logger log = LoggerFactory.getLogger(BsonDatabase.class);
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

    /**
     * The stand-in keeps no secondary indexes (imlab creates one, the messages' TTL index, for a real
     * MongoDB). mongo-java-server answers with an index that holds nothing, and then fills an index
     * that says it is empty by reading every document of the collection, twice, at each start: with a
     * million messages that took seconds and more than 1 GB of heap. This one says it is filled, so
     * nothing is read; it still answers no query.
     */
    @Override
    protected Index<String> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        log.info("secondary index {} on {} {} is kept by a real MongoDB only; the stand-in ignores it",
                indexName, collectionName, keys);
        return new IgnoredIndex(indexName, keys);
    }

    /** A secondary index the stand-in accepts and does not keep (see {@link #openOrCreateSecondaryIndex}). */
    static final class IgnoredIndex extends EmptyIndex<String> {
        IgnoredIndex(String name, List<IndexKey> keys) {
            super(name, keys);
        }

        /** Says it is filled, so mongo-java-server does not read the collection to fill it. */
        @Override
        public boolean isEmpty() {
            return false;
        }
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
