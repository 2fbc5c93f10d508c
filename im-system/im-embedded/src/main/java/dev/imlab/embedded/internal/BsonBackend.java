package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * mongo-java-server's query engine on documents stored as BSON bytes in a {@link DocumentStore}:
 * RocksDB on disk ({@link #durable}), with every write durable before its reply, or a map on the
 * heap that keeps nothing ({@link #inMemory}), for measuring what storage costs.
 *
 * <p><b>Durable replies.</b> A command that may write collects its changes, applies them in one
 * step at its end, then waits in a {@link GroupCommit} until the log is on the disk; the wire
 * handler sends the reply only after that. Commands that arrive while a sync runs share the next
 * one.
 *
 * <p><b>One writer at a time, readers beside it.</b> Commands that may write take one lock, so a
 * read-modify-write (an {@code $inc}, a {@code $max}) is never interleaved with another; reads take
 * no lock and see the store as of the last applied batch, never part of one. Like MongoDB's default
 * read concern, a read may see a write whose sync is still under way; its writer's reply waits.
 */
public final class BsonBackend extends AbstractMongoBackend {

    private final DocumentStore store;
    private final ReentrantLock writer = new ReentrantLock(true); // fair: a stream of writers is served in order
    private final GroupCommit groupCommit;
    private final DirectWrites direct;

    private BsonBackend(DocumentStore store, boolean fsync, boolean directWrites) {
        this.store = store;
        this.groupCommit = new GroupCommit(store, fsync);
        this.direct = directWrites ? new DirectWrites(store, this::existingDatabase) : null;
        for (String database : store.databaseNames()) {
            resolveDatabase(database);
        }
    }

    /** Opens (or creates) the store in {@code dir}; with {@code fsync}, every reply waits for the disk. */
    public static BsonBackend durable(Path dir, boolean fsync) {
        return durable(dir, fsync, true);
    }

    /**
     * @param directWrites a bulk write's inserts and updates by id are done on the stored documents
     *     ({@link DirectWrites}); false: all of them by mongo-java-server's engine, which a test compares with
     */
    static BsonBackend durable(Path dir, boolean fsync, boolean directWrites) {
        return new BsonBackend(RocksStore.open(dir), fsync, directWrites);
    }

    /** The same commands on a store that keeps nothing: a benchmark's ceiling, never imlab's storage. */
    public static BsonBackend inMemory() {
        return new BsonBackend(new MemoryStore(), false, true);
    }

    /** A database this backend has opened, or null: unlike {@link #resolveDatabase}, never creates one. */
    private MongoDatabase existingDatabase(String name) {
        return listDatabaseNames().contains(name) ? resolveDatabase(name) : null; // a view of the base class's map: no copy
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new BsonDatabase(databaseName, store, getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (Commands.readOnly(command)) {
            Document byIds = direct != null && command.equalsIgnoreCase("find") ? direct.find(database, query) : null;
            return byIds != null ? byIds : super.handleCommand(channel, database, command, query);
        }
        // Keys and bytes of a bulk write's documents are worked out before the lock, beside the current writer.
        DirectWrites.Prepared prepared = direct != null && command.equalsIgnoreCase(ClientBulkWrite.COMMAND)
                ? DirectWrites.prepare(query) : null;
        writer.lock();
        try {
            store.begin();
            try {
                return Commands.run(database, command, query, (db, op, body) -> super.handleCommand(channel, db, op, body),
                        direct, prepared);
            } finally {
                // Also after a failure: like MongoDB, a command that fails half-way keeps what it did before.
                store.apply();
            }
        } finally {
            writer.unlock();
            groupCommit.awaitDurable();
        }
    }

    /** Syncs the log, then closes the store. */
    @Override
    public void close() {
        super.close();
        store.close();
    }
}
