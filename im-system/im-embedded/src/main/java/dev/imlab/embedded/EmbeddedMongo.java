package dev.imlab.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import dev.imlab.embedded.internal.BsonBackend;
import dev.imlab.embedded.internal.MongoWireListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB stand-in in this JVM: mongo-java-server speaking the real wire protocol and running
 * its queries, with the documents stored as BSON in RocksDB, in {@code documents/} under the given
 * directory.
 *
 * <p><b>Durability.</b> A write command (insert, update, delete, findAndModify, bulk write, MongoDB
 * 8's client-level {@code bulkWrite}, index or collection changes) is in the store's log before its
 * reply is sent, and with {@code fsync} (the default) forced to the disk as well. So whatever a client was told is stored survives
 * {@code kill -9} of this JVM, and with fsync also a power cut. Writers that arrive together share
 * one commit.
 *
 * <p><b>Known limits</b> (it is a stand-in, not MongoDB):
 * <ul>
 *   <li>commands that may write run one at a time; reads take no lock and may see a write whose
 *       commit is still under way (MongoDB's default read concern does too);</li>
 *   <li>secondary and TTL indexes are accepted and ignored: queries on other fields scan the
 *       collection and nothing expires. Only {@code {_id: v}} and {@code {_id: {$in: [...]}}} use
 *       the {@code _id} index; an {@code _id} range, or {@code _id} plus any other field, scans;</li>
 *   <li>no sessions or multi-document transactions (the driver refuses them), no change streams, no
 *       {@code renameCollection}, no aggregation with {@code $out} or {@code $merge}.</li>
 * </ul>
 * imlab looks documents up by {@code _id} and has one writer per conversation, so none of these
 * bite it.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    private static final String HOST = "127.0.0.1";
    static final String STORE_DIR = "documents";
    /** Where imlab 0.1's stand-in kept Java-serialized documents; this one cannot read them. */
    static final String LEGACY_STORE_FILE = "mongo.mv.db";

    private final MongoBackend backend;
    private final MongoWireListener listener;
    private final int port;

    private EmbeddedMongo(MongoBackend backend, MongoWireListener listener, int port) {
        this.backend = backend;
        this.listener = listener;
        this.port = port;
    }

    /** Starts with fsync on: see {@link #start(Path, int, boolean)}. */
    public static EmbeddedMongo start(Path dir, int port) {
        return start(dir, port, true);
    }

    /**
     * Opens (or creates) the store in {@code dir} and listens on {@code port}; 0 picks a free one.
     *
     * @param fsync force the log to the disk before each reply. kill -9 only needs the write to reach
     *     the OS page cache, a power cut needs fsync; off trades that for faster writes in throwaway tests.
     */
    public static EmbeddedMongo start(Path dir, int port, boolean fsync) {
        long started = System.nanoTime();
        Path store = dir.toAbsolutePath().resolve(STORE_DIR);
        try {
            Files.createDirectories(store.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + store.getParent(), e);
        }
        Path legacy = store.resolveSibling(LEGACY_STORE_FILE);
        if (Files.exists(legacy) && !Files.exists(store)) {
            // Starting empty beside it would hand out seqs again for conversations it holds.
            throw new IllegalStateException(legacy + " holds data of an older imlab MongoDB stand-in, which this one "
                    + "cannot read. Delete the data folder (" + dir.toAbsolutePath().getParent() + ") to start over.");
        }
        EmbeddedMongo mongo = listen(BsonBackend.durable(store, fsync), port);
        log.info("MongoDB stand-in started on {}:{} with data in {} (fsync {}, {} ms)",
                HOST, mongo.port, store, fsync ? "on" : "off", (System.nanoTime() - started) / 1_000_000);
        return mongo;
    }

    /**
     * A stand-in that keeps nothing, in memory only: for measuring what durable storage costs (a
     * benchmark's ceiling), never for running imlab. A restart, or a crash, loses everything.
     */
    public static EmbeddedMongo startEphemeral(int port) {
        EmbeddedMongo mongo = listen(BsonBackend.inMemory(), port);
        log.warn("MongoDB stand-in started on {}:{} IN MEMORY ONLY: it keeps nothing across a restart", HOST, mongo.port);
        return mongo;
    }

    private static EmbeddedMongo listen(MongoBackend backend, int port) {
        MongoWireListener listener = new MongoWireListener(backend);
        try {
            return new EmbeddedMongo(backend, listener, listener.listen(HOST, port));
        } catch (RuntimeException e) {
            listener.close();
            backend.close();
            throw new IllegalStateException("MongoDB stand-in cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The URI for a MongoDB driver. */
    public String connectionString() {
        return "mongodb://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Makes MongoDB unreachable: stops accepting connections and drops the open ones, so clients see
     * connection errors until {@link #resume()}. Stored data stays open and intact.
     */
    public void suspend() {
        listener.stopListeningAndDropClients();
        log.info("MongoDB stand-in on port {} suspended", port);
    }

    /** Listens again on the same port, with the same data. Does nothing if not suspended. */
    public void resume() {
        if (!listener.isListening()) {
            listener.listen(HOST, port);
            log.info("MongoDB stand-in on port {} resumed", port);
        }
    }

    /** Drops the clients, then syncs and closes the store. */
    @Override
    public void close() {
        listener.close();
        backend.close();
        log.info("MongoDB stand-in on port {} stopped", port);
    }
}
