package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What both stand-in backends do the same way around mongo-java-server's own command handling. */
final class Commands {
    /**
     * Commands known not to change stored data. Every other command, including ones this list has
     * never heard of, is treated as a write: being wrong there costs a little time, being wrong here
     * would cost data.
     */
    private static final Set<String> READ_ONLY = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "ismaster", "hello", "ping", "buildinfo", "whatsmyuri", "serverstatus", "dbstats", "collstats",
            "connectionstatus", "getlasterror", "hostinfo", "getcmdlineopts", "getlog", "killcursors",
            "endsessions", "getfreemonitoringstatus", "replsetgetstatus", "aggregate");
    /** Commands that would change data in ways the stand-in does not keep: refused rather than half done. */
    private static final Set<String> REFUSED = Set.of("renamecollection", "applyops", "clonecollectionascapped",
            "converttocapped");

    private Commands() {
    }

    static boolean readOnly(String command) {
        return READ_ONLY.contains(command.toLowerCase(Locale.ROOT));
    }

    /**
     * Runs a command on the backend: refuses what the stand-in does not support, runs MongoDB 8's
     * client-level {@code bulkWrite} itself (with {@code direct}, if not null, for the writes it
     * recognises), and corrects the inserted count of a failed insert.
     */
    static Document run(String database, String command, Document query, ClientBulkWrite.Backend backend,
                        DirectWrites direct, DirectWrites.Prepared prepared) {
        String name = command.toLowerCase(Locale.ROOT);
        if (REFUSED.contains(name) || (name.equals("aggregate") && writesOut(query))) {
            throw new MongoServerError(115, "CommandNotSupported", "'" + command
                    + "' is not supported by the imlab MongoDB stand-in");
        }
        if (name.equals("bulkwrite")) {
            return ClientBulkWrite.execute(query, backend, direct, prepared);
        }
        Document reply = backend.run(database, command, query);
        if (reply != null && name.equals("insert")) {
            countOnlyInsertedDocuments(query, reply);
        }
        return reply;
    }

    /** An aggregation with {@code $out} or {@code $merge} writes a collection. */
    private static boolean writesOut(Document query) {
        if (query.get("pipeline") instanceof List<?> stages) {
            for (Object stage : stages) {
                if (stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The backend answers an insert with {@code n} = every document sent, even when some failed
     * (say with a duplicate key, code 11000). MongoDB counts only the documents stored, and drivers
     * report that as the inserted count, so it is corrected here. An ordered insert stops at its
     * first error, an unordered one skips the failed documents.
     */
    private static void countOnlyInsertedDocuments(Document query, Document reply) {
        if (!(reply.get("writeErrors") instanceof List<?> errors) || errors.isEmpty()
                || !(query.get("documents") instanceof List<?> documents)) {
            return;
        }
        // The backend reads "ordered" this way too; the drivers always send it.
        boolean ordered = Utils.isTrue(query.get("ordered"));
        int inserted = ordered
                ? ((Number) ((Document) errors.get(0)).get("index")).intValue()
                : documents.size() - errors.size();
        reply.put("n", inserted);
    }
}
