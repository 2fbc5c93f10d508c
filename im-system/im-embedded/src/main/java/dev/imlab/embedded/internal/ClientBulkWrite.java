package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * MongoDB 8's client-level {@code bulkWrite} command, the one behind the driver's
 * {@code MongoClient.bulkWrite}: inserts, updates and deletes on any collections, in one command and
 * one reply, applied in the order given. mongo-java-server does not know it; this runs it on the
 * backend's own {@code insert}, {@code update} and {@code delete} commands.
 *
 * <p>With {@code ordered} (the default) it stops at the first failed operation, so what was applied
 * is always a prefix of what was asked: the transfer relies on that to write a batch's messages
 * before its dedupe entries and its {@code maxSeq} in one round trip. Consecutive inserts into one
 * collection run as one {@code insert}; updates and deletes run one at a time, which the per-operation
 * results ({@code errorsOnly: false}) need anyway.
 */
final class ClientBulkWrite {
    static final String COMMAND = "bulkWrite";
    private static final String RESULT_NAMESPACE = "admin.$cmd.bulkWrite";

    /** Runs one command of the backend on a database, as a client's command would run. */
    interface Backend {
        Document run(String database, String command, Document body);
    }

    private final Backend backend;
    private final DirectWrites direct;
    private final DirectWrites.Prepared prepared;
    private final Map<Namespace, BsonCollection> directCollections = new HashMap<>();

    private ClientBulkWrite(Backend backend, DirectWrites direct, DirectWrites.Prepared prepared) {
        this.backend = backend;
        this.direct = direct;
        this.prepared = prepared != null ? prepared : new DirectWrites.Prepared();
    }

    /**
     * Runs the command's operations and answers as MongoDB 8 does: those {@code direct} recognises
     * on the stored documents themselves, the others on {@code backend}'s commands.
     *
     * @param direct null: every operation through the backend's commands
     * @param prepared the operations' keys and bytes, worked out before the writer lock ({@link DirectWrites#prepare}); or null
     */
    static Document execute(Document command, Backend backend, DirectWrites direct, DirectWrites.Prepared prepared) {
        return new ClientBulkWrite(backend, direct, prepared).run(command);
    }

    private Document run(Document command) {
        List<Document> ops = documents(command, "ops");
        List<Document> namespaces = documents(command, "nsInfo");
        boolean ordered = !Boolean.FALSE.equals(command.get("ordered"));
        boolean errorsOnly = Utils.isTrue(command.get("errorsOnly"));
        Tally tally = new Tally(errorsOnly);
        int next = 0;
        while (next < ops.size()) {
            Document op = ops.get(next);
            Kind kind = Kind.of(op, next);
            Namespace namespace = Namespace.of(namespaces, op.get(kind.field), next);
            int end = next + 1;
            if (kind == Kind.INSERT) {
                while (end < ops.size() && ops.get(end).containsKey(Kind.INSERT.field)
                        && ops.get(end).get(Kind.INSERT.field).equals(op.get(Kind.INSERT.field))) {
                    end++;
                }
            }
            boolean failed = switch (kind) {
                case INSERT -> insert(namespace, ops.subList(next, end), next, ordered, tally);
                case UPDATE -> update(namespace, op, next, tally);
                case DELETE -> delete(namespace, op, next, tally);
            };
            if (failed && ordered) {
                break;
            }
            next = end;
        }
        return tally.reply();
    }

    private boolean insert(Namespace namespace, List<Document> ops, int firstIndex, boolean ordered, Tally tally) {
        List<Document> documents = new ArrayList<>(ops.size());
        for (Document op : ops) {
            documents.add((Document) op.get("document"));
        }
        BsonCollection collection = directCollection(namespace);
        if (collection != null && allInsertable(ops)) {
            return insertDirectly(collection, ops, firstIndex, ordered, tally);
        }
        Document body = new Document("insert", namespace.collection).append("documents", documents).append("ordered", ordered);
        Document reply;
        try {
            reply = backend.run(namespace.database, "insert", body);
        } catch (MongoServerException e) {
            tally.error(firstIndex, e);
            return true;
        }
        List<Document> errors = errorsOf(reply);
        boolean[] failed = new boolean[ops.size()];
        for (Document error : errors) {
            int index = ((Number) error.get("index")).intValue();
            failed[index] = true;
            tally.error(firstIndex + index, error);
        }
        int stoppedAt = ordered && !errors.isEmpty() ? ((Number) errors.get(0).get("index")).intValue() : ops.size();
        for (int i = 0; i < stoppedAt; i++) {
            if (!failed[i]) {
                tally.inserted(firstIndex + i);
            }
        }
        return !errors.isEmpty();
    }

    /** The collection if {@link DirectWrites} may write it, looked up once per namespace and command. */
    private BsonCollection directCollection(Namespace namespace) {
        if (direct == null) {
            return null;
        }
        // Not computeIfAbsent: a null answer is remembered too.
        if (!directCollections.containsKey(namespace)) {
            directCollections.put(namespace, direct.collection(namespace.database, namespace.collection));
        }
        return directCollections.get(namespace);
    }

    /** Whether every insert may go the direct way: prepared before the lock (and so checked), or checked now. */
    private boolean allInsertable(List<Document> ops) {
        for (Document op : ops) {
            if (prepared.of(op) == null && !DirectWrites.insertable((Document) op.get("document"))) {
                return false;
            }
        }
        return true;
    }

    private boolean insertDirectly(BsonCollection collection, List<Document> ops, int firstIndex, boolean ordered,
                                   Tally tally) {
        boolean failed = false;
        for (int i = 0; i < ops.size(); i++) {
            Document op = ops.get(i);
            try {
                direct.insert(collection, (Document) op.get("document"), prepared.of(op));
                tally.inserted(firstIndex + i);
            } catch (MongoServerException e) {
                tally.error(firstIndex + i, e);
                failed = true;
                if (ordered) {
                    break;
                }
            }
        }
        return failed;
    }

    private boolean update(Namespace namespace, Document op, int index, Tally tally) {
        if (direct != null && !Utils.isTrue(op.get("multi")) && !op.containsKey("arrayFilters")
                && op.get("filter") instanceof Document filter) {
            BsonCollection collection = directCollection(namespace);
            DirectWrites.Updated done = collection == null ? null
                    : direct.update(collection, filter, op.get("updateMods"), Utils.isTrue(op.get("upsert")), prepared.of(op));
            if (done != null) {
                tally.updated(index, done.matched(), done.modified(), done.upsertedId());
                return false;
            }
        }
        Document statement = new Document("q", op.get("filter")).append("u", op.get("updateMods"))
                .append("multi", Utils.isTrue(op.get("multi"))).append("upsert", Utils.isTrue(op.get("upsert")));
        if (op.containsKey("arrayFilters")) {
            statement.append("arrayFilters", op.get("arrayFilters"));
        }
        Document body = new Document("update", namespace.collection).append("updates", List.of(statement))
                .append("ordered", true);
        Document reply;
        try {
            reply = backend.run(namespace.database, "update", body);
        } catch (MongoServerException e) {
            tally.error(index, e);
            return true;
        }
        List<Document> errors = errorsOf(reply);
        if (!errors.isEmpty()) {
            tally.error(index, errors.get(0));
            return true;
        }
        Object upsertedId = null;
        if (reply.get("upserted") instanceof List<?> upserted && !upserted.isEmpty()) {
            upsertedId = ((Document) upserted.get(0)).get("_id");
        }
        tally.updated(index, ((Number) reply.get("n")).intValue(), ((Number) reply.get("nModified")).intValue(), upsertedId);
        return false;
    }

    private boolean delete(Namespace namespace, Document op, int index, Tally tally) {
        Document statement = new Document("q", op.get("filter")).append("limit", Utils.isTrue(op.get("multi")) ? 0 : 1);
        Document body = new Document("delete", namespace.collection).append("deletes", List.of(statement));
        try {
            Document reply = backend.run(namespace.database, "delete", body);
            tally.deleted(index, ((Number) reply.get("n")).intValue());
            return false;
        } catch (MongoServerException e) {
            tally.error(index, e);
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Document> errorsOf(Document reply) {
        Object errors = reply.get("writeErrors");
        return errors == null ? List.of() : (List<Document>) errors;
    }

    @SuppressWarnings("unchecked")
    private static List<Document> documents(Document command, String field) {
        if (!(command.get(field) instanceof List<?> list)) {
            throw new MongoServerError(9, "FailedToParse", "bulkWrite: '" + field + "' must be an array of documents");
        }
        return (List<Document>) list;
    }

    private enum Kind {
        INSERT("insert"), UPDATE("update"), DELETE("delete");

        final String field;

        Kind(String field) {
            this.field = field;
        }

        static Kind of(Document op, int index) {
            for (Kind kind : values()) {
                if (op.containsKey(kind.field)) {
                    return kind;
                }
            }
            throw new MongoServerError(9, "FailedToParse", "bulkWrite: operation " + index + " is none of insert, update, delete");
        }
    }

    private record Namespace(String database, String collection) {
        static Namespace of(List<Document> namespaces, Object nsIndex, int opIndex) {
            int i = nsIndex instanceof Number n ? n.intValue() : -1;
            if (i < 0 || i >= namespaces.size()) {
                throw new MongoServerError(9, "FailedToParse", "bulkWrite: operation " + opIndex
                        + " names namespace " + nsIndex + " of " + namespaces.size());
            }
            String full = String.valueOf(namespaces.get(i).get("ns"));
            int dot = full.indexOf('.');
            if (dot <= 0 || dot == full.length() - 1) {
                throw new MongoServerError(73, "InvalidNamespace", "bulkWrite: invalid namespace '" + full + "'");
            }
            return new Namespace(full.substring(0, dot), full.substring(dot + 1));
        }
    }

    /** The summary counts and the per-operation results of the reply. */
    private static final class Tally {
        private final boolean errorsOnly;
        private final List<Document> results = new ArrayList<>();
        private int errors;
        private int inserted;
        private int upserted;
        private int matched;
        private int modified;
        private int deleted;

        Tally(boolean errorsOnly) {
            this.errorsOnly = errorsOnly;
        }

        void inserted(int index) {
            inserted++;
            success(index, new Document("n", 1));
        }

        void updated(int index, int n, int nModified, Object upsertedId) {
            Document result = new Document("n", n).append("nModified", nModified);
            if (upsertedId != null) {
                upserted++;
                matched += n - 1;
                result.append("upserted", new Document("_id", upsertedId));
            } else {
                matched += n;
            }
            modified += nModified;
            success(index, result);
        }

        void deleted(int index, int n) {
            deleted += n;
            success(index, new Document("n", n));
        }

        private void success(int index, Document result) {
            if (!errorsOnly) {
                Document entry = new Document("ok", 1.0).append("idx", index);
                entry.putAll(result);
                results.add(entry);
            }
        }

        void error(int index, Document writeError) {
            errors++;
            Document entry = new Document("ok", 0.0).append("idx", index)
                    .append("code", ((Number) writeError.get("code")).intValue())
                    .append("errmsg", String.valueOf(writeError.get("errmsg")));
            if (writeError.get("codeName") != null) {
                entry.append("codeName", writeError.get("codeName"));
            }
            results.add(entry);
        }

        void error(int index, MongoServerException e) {
            int code = e instanceof MongoServerError error ? error.getCode() : 1;
            Document writeError = new Document("code", code).append("errmsg", e.getMessageWithoutErrorCode());
            if (e instanceof MongoServerError error && error.getCodeName() != null) {
                writeError.append("codeName", error.getCodeName());
            }
            error(index, writeError);
        }

        Document reply() {
            Document cursor = new Document("id", 0L).append("ns", RESULT_NAMESPACE).append("firstBatch", results);
            Document reply = new Document("cursor", cursor);
            reply.put("nErrors", errors);
            reply.put("nInserted", inserted);
            reply.put("nUpserted", upserted);
            reply.put("nMatched", matched);
            reply.put("nModified", modified);
            reply.put("nDeleted", deleted);
            reply.put("ok", 1.0);
            return reply;
        }
    }
}
