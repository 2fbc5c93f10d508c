package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, changed in two ways.
 *
 * <p><b>Durable replies.</b> The stock backend leaves commits to MVStore's background writer, about
 * once a second: a client could be told "inserted" and lose the document to {@code kill -9} a moment
 * later. Here the background writer is off and every command that may write passes through a
 * {@link GroupCommit} before {@link #handleCommand} returns; the wire handler sends the reply only
 * after that.
 *
 * <p><b>No torn documents.</b> The backend stores Document objects, updates them in place, and puts
 * the very same objects into replies, which Netty encodes after the command returned. Two
 * {@code $inc}s on one document could then both reply with the second result, a reply could be
 * encoded while an update is half applied, and a commit could serialize it half applied. So
 * commands that may write run one at a time, reads run beside each other but never beside a
 * write, commits serialize under the read side, and replies are deep copies taken before the lock
 * is released. Only the fsync runs without the lock, so the next writer proceeds while the disk
 * works.
 */
public final class DurableH2Backend extends H2Backend {

    /**
     * Commands known not to change stored data. Every other command, including ones this list has
     * never heard of, takes the write side and waits for durability: being wrong there costs a
     * little time, being wrong here would cost data.
     */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "ismaster", "hello", "ping", "buildinfo", "whatsmyuri", "serverstatus", "dbstats", "collstats",
            "connectionstatus", "getlasterror", "hostinfo", "getcmdlineopts", "getlog", "killcursors",
            "endsessions", "getfreemonitoringstatus", "replsetgetstatus");

    // Fair, so a steady stream of reads cannot starve the writers.
    private final ReadWriteLock documents = new ReentrantReadWriteLock(true);
    private final GroupCommit groupCommit;

    private DurableH2Backend(MVStore store, boolean fsync) {
        super(store);
        this.groupCommit = new GroupCommit(new CompactingStorage(store, documents.readLock()), fsync);
    }

    /** Opens (or creates) the store in {@code file}. */
    public static DurableH2Backend open(Path file, boolean fsync) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                // No background writer: its commits skip fsync and could let a reply overtake the disk.
                .autoCommitDisabled()
                // Nor commits from inside a write when unsaved pages pile up: every write commits at once anyway.
                .autoCommitBufferSize(0)
                .open();
        // Reuse dead chunks at once. Every write is its own commit, so H2's 45 s default keeps
        // 45 s x writes/s dead chunks: hundreds of MB under load. The default guards against a disk
        // that reorders unsynced writes; here each commit is synced before the next one may
        // overwrite anything, and each command pins the version it reads.
        store.setRetentionTime(0);
        return new DurableH2Backend(store, fsync);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        boolean readOnly = READ_ONLY_COMMANDS.contains(command.toLowerCase(Locale.ROOT));
        Lock lock = readOnly ? documents.readLock() : documents.writeLock();
        lock.lock();
        // Chunks are reused at once (see open), so keep the ones this command may still read.
        MVStore.TxCounter pinned = getMvStore().registerVersionUsage();
        try {
            Document reply = super.handleCommand(channel, database, command, query);
            if (reply == null) {
                return null;
            }
            countOnlyInsertedDocuments(command, query, reply);
            return reply.cloneDeeply();
        } finally {
            getMvStore().deregisterVersionUsage(pinned);
            lock.unlock();
            // Also after a failure: what the command changed before failing is already visible to
            // readers, so it must not vanish in a crash later.
            if (!readOnly) {
                groupCommit.awaitDurable();
            }
        }
    }

    /**
     * The backend answers an insert with {@code n} = every document sent, even when some failed
     * (say with a duplicate key, code 11000). MongoDB counts only the documents stored, and drivers
     * report that as the inserted count, so it is corrected here. An ordered insert stops at its
     * first error, an unordered one skips the failed documents.
     */
    private static void countOnlyInsertedDocuments(String command, Document query, Document reply) {
        if (!command.equalsIgnoreCase("insert")
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
}
