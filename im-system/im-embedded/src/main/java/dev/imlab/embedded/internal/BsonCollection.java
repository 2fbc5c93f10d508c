package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * A collection whose documents are BSON bytes in an MVStore map, keyed by {@link DocumentKeys}.
 *
 * <p>Every read decodes a fresh copy, and every change writes new bytes: no stored object is ever
 * shared with a reply or changed in place, so a reply cannot show a half-applied update and a
 * commit cannot store one. The bytes are what the commit writes, so storing costs a copy, not a
 * serialization of objects.
 */
final class BsonCollection extends AbstractSynchronizedMongoCollection<String> {
    private final MVMap<String, byte[]> documents;

    BsonCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<String, byte[]> documents,
                   CursorRegistry cursors) {
        super(database, name, options, cursors);
        this.documents = documents;
    }

    String idField() {
        return getIdField();
    }

    @Override
    protected String addDocumentInternal(Document document) {
        String key = getIdField() == null ? "u" + UUID.randomUUID()
                : DocumentKeys.of(Utils.getSubdocumentValue(document, getIdField()));
        if (documents.putIfAbsent(key, Bson.encode(document)) != null) {
            // The id index checked before this: two writers got past it, which the backend's lock rules out.
            throw new IllegalStateException("a document with key " + key + " is already in " + this);
        }
        return key;
    }

    @Override
    protected Document getDocument(String key) {
        return Bson.decode(documents.get(key));
    }

    @Override
    protected void removeDocument(String key) {
        if (documents.remove(key) == null) {
            throw new NoSuchElementException("no document with key " + key + " in " + this);
        }
    }

    @Override
    protected void handleUpdate(String key, Document oldDocument, Document newDocument) {
        documents.put(key, Bson.encode(newDocument));
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    protected Stream<DocumentWithPosition<String>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(Bson.decode(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> all;
        if (isNaturalDescending(orderBy)) {
            List<String> keys = new ArrayList<>(documents.keySet());
            Collections.reverse(keys);
            all = keys.stream().map(this::getDocument);
        } else {
            all = documents.values().stream().map(Bson::decode);
        }
        return matchDocumentsFromStream(all, query, orderBy, skip, limit, batchSize, fieldSelector);
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
        long bytes = 0;
        for (byte[] document : documents.values()) {
            bytes += document.length;
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
