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
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's query engine on documents stored as BSON bytes in one H2 MVStore file, with
 * every write durable before its reply.
 *
 * <p><b>Durable replies.</b> MVStore's background writer is off; every command that may write passes
 * through a {@link GroupCommit} before {@link #handleCommand} returns, and the wire handler sends
 * the reply only after that. Writers that arrive while a commit runs share the next one.
 *
 * <p><b>One writer at a time, readers beside it.</b> Commands that may write take one lock, so a
 * read-modify-write (an {@code $inc}, a {@code $max}) is never interleaved with another; reads take
 * no lock. Stored documents are immutable bytes (see {@link BsonCollection}), so a reader always
 * decodes a whole version of a document, never a half-applied update. Like MongoDB's default read
 * concern, a read may see a write whose commit is still under way; its writer's reply waits.
 *
 * @implNote Strategy candidates, measured on the imlab pipeline (2 cores, 50 pairs flat out):
 *     <ul>
 *     <li>the stock H2 backend with a commit per write: 1,040 msg/s; most of the stand-in's time
 *         went into Java serialization of document objects in every commit (MVStore re-writes whole
 *         pages, so every document of a touched page, every time);
 *     <li>the in-memory backend behind a journal of changes: fast writes, but every document on
 *         the heap and a replay of the whole journal on every start;
 *     <li>chosen: BSON bytes in MVStore maps. A commit copies bytes instead of serializing
 *         objects, the {@code _id} index is the map itself, memory stays bounded by MVStore's page
 *         cache, and a start opens the file without reading it.
 *     </ul>
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
            "endsessions", "getfreemonitoringstatus", "replsetgetstatus");
    /** Commands that would change data in ways this store does not keep: refused rather than half done. */
    private static final Set<String> REFUSED_COMMANDS = Set.of("renamecollection", "applyops", "clonecollectionascapped",
            "converttocapped");
    private static final long CACHE_MEGABYTES = 64;

    private final MVStore store;
    private final ReentrantLock writer = new ReentrantLock(true); // fair: a stream of writers is served in order
    private final GroupCommit groupCommit;

    private DurableBsonBackend(MVStore store, boolean fsync) {
        this.store = store;
        this.groupCommit = new GroupCommit(new CompactingStorage(store, writer), fsync);
        for (String map : store.getMapNames()) {
            if (map.startsWith(BsonDatabase.DOCUMENTS_PREFIX)) {
                resolveDatabase(Utils.firstFragment(map.substring(BsonDatabase.DOCUMENTS_PREFIX.length())));
            }
        }
    }

    /** Opens (or creates) the store in {@code file}. */
    public static DurableBsonBackend open(Path file, boolean fsync) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                // No background writer: its commits skip fsync and could let a reply overtake the disk.
                .autoCommitDisabled()
                // Nor commits from inside a write when unsaved pages pile up: every write commits at once anyway.
                .autoCommitBufferSize(0)
                .cacheSize((int) CACHE_MEGABYTES)
                .open();
        // Reuse dead chunks at once. Every write is its own commit, so H2's 45 s default keeps
        // 45 s x writes/s dead chunks: hundreds of MB under load. The default guards against a disk
        // that reorders unsynced writes; here each commit is synced before the next one may
        // overwrite anything, and each command pins the version it reads.
        store.setRetentionTime(0);
        return new DurableBsonBackend(store, fsync);
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
        boolean readOnly = READ_ONLY_COMMANDS.contains(name) || (name.equals("aggregate"));
        // Chunks are reused at once (see open), so keep the ones this command may still read.
        MVStore.TxCounter pinned = store.registerVersionUsage();
        try {
            if (readOnly) {
                return super.handleCommand(channel, database, command, query);
            }
            writer.lock();
            try {
                Document reply = name.equals("bulkwrite")
                        ? ClientBulkWrite.execute(query, (db, op, body) -> super.handleCommand(channel, db, op, body))
                        : super.handleCommand(channel, database, command, query);
                if (reply != null) {
                    countOnlyInsertedDocuments(name, query, reply);
                }
                return reply;
            } finally {
                writer.unlock();
            }
        } finally {
            store.deregisterVersionUsage(pinned);
            // Also after a failure: what the command changed before failing is already visible to
            // readers, so it must not vanish in a crash later.
            if (!readOnly) {
                groupCommit.awaitDurable();
            }
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

    /** Commits what is left, then closes the file. */
    @Override
    public void close() {
        super.close();
        store.close();
    }
}
