package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * mongo-java-server's query engine on documents stored as BSON bytes in RocksDB
 * ({@link RocksStore}), with every write durable before its reply.
 *
 * <p><b>Durable replies.</b> A command that may write collects its changes in a batch, applies
 * them in one step at its end, then waits in a {@link GroupCommit} until the log is on the disk;
 * the wire handler sends the reply only after that. Commands that arrive while a sync runs share
 * the next one.
 *
 * <p><b>One writer at a time, readers beside it.</b> Commands that may write take one lock, so a
 * read-modify-write (an {@code $inc}, a {@code $max}) is never interleaved with another; reads take
 * no lock and see the store as of the last applied batch, never part of one. Like MongoDB's default
 * read concern, a read may see a write whose sync is still under way; its writer's reply waits.
 */
public final class DurableBsonBackend extends AbstractMongoBackend {

    /**
     * Commands known not to change stored data. Every other command, including ones this list has
     * never heard of, takes the writer's lock and waits for durability: being wrong there costs a
     * little time, being wrong here would cost data.
     */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "ismaster", "hello", "ping", "buildinfo", "whatsmyuri", "serverstatus", "dbstats", "collstats",
            "connectionstatus", "getlasterror", "hostinfo", "getcmdlineopts", "getlog", "killcursors",
            "endsessions", "getfreemonitoringstatus", "replsetgetstatus", "aggregate");
    /** Commands that would change data in ways this store does not keep: refused rather than half done. */
    private static final Set<String> REFUSED_COMMANDS = Set.of("renamecollection", "applyops", "clonecollectionascapped",
            "converttocapped");

    private final RocksStore store;
    private final ReentrantLock writer = new ReentrantLock(true); // fair: a stream of writers is served in order
    private final GroupCommit groupCommit;

    private DurableBsonBackend(RocksStore store, boolean fsync) {
        this.store = store;
        this.groupCommit = new GroupCommit(store, fsync);
        for (String database : store.databaseNames()) {
            resolveDatabase(database);
        }
    }

    /** Opens (or creates) the store in {@code dir}. */
    public static DurableBsonBackend open(Path dir, boolean fsync) {
        return new DurableBsonBackend(RocksStore.open(dir), fsync);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new BsonDatabase(databaseName, store, getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (REFUSED_COMMANDS.contains(name) || (name.equals("aggregate") && writesOut(query))) {
            throw new MongoServerError(115, "CommandNotSupported", "'" + command
                    + "' is not supported by the imlab MongoDB stand-in");
        }
        if (READ_ONLY_COMMANDS.contains(name)) {
            return super.handleCommand(channel, database, command, query);
        }
        writer.lock();
        try {
            store.begin();
            try {
                Document reply = name.equals("bulkwrite")
                        ? ClientBulkWrite.execute(query, (db, op, body) -> super.handleCommand(channel, db, op, body))
                        : super.handleCommand(channel, database, command, query);
                if (reply != null) {
                    countOnlyInsertedDocuments(name, query, reply);
                }
                return reply;
            } finally {
                // Also after a failure: like MongoDB, a command that fails half-way keeps what it did before.
                store.apply();
            }
        } finally {
            writer.unlock();
            groupCommit.awaitDurable();
        }
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
    private static void countOnlyInsertedDocuments(String command, Document query, Document reply) {
        if (!command.equals("insert")
                || !(reply.get("writeErrors") instanceof List<?> errors) || errors.isEmpty()
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

    /** Syncs the log, then closes the store. */
    @Override
    public void close() {
        super.close();
        store.close();
    }
}
