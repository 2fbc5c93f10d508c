package dev.imlab.embedded.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Holder;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * Every document of the stand-in as a key and BSON bytes in one RocksDB, with the writes of a
 * command applied together at its end.
 *
 * <p>A write command collects its puts and deletes in a batch of its own ({@link #begin()}); its
 * reads see the batch over the database, other threads see the database alone. {@link #apply()}
 * writes the batch in one step, to RocksDB's write-ahead log (the operating system has it: it
 * survives {@code kill -9}) and its memtable (readers see it). {@link #sync()} then forces the log
 * to the disk, for a power cut; {@link GroupCommit} lets one sync cover every command before it.
 *
 * @implNote Strategy candidates, measured with the transfer's write pattern (batches of 20
 *     messages over 50 conversations, 3 documents each) on this 2-core machine:
 *     <ul>
 *     <li>H2 MVStore, a copy-on-write B-tree: every commit rewrote each page it touched (a page
 *         of 48 documents for one new message), about 90 µs of CPU per message, and its file grew
 *         to 760 MB for 480,000 messages because compaction could not keep up;
 *     <li>documents on the heap behind a hand-written journal: the fastest, but memory grows
 *         with every message kept and a start replays everything;
 *     <li>chosen: RocksDB, a log-structured merge tree. A write appends to a log and a sorted
 *         in-memory table; background threads merge files, so a write costs a few microseconds
 *         and disk use stays near the data size. It is what Kafka Streams keeps its state in.
 *     </ul>
 */
final class RocksStore implements GroupCommit.Storage, AutoCloseable {
    private static final long CACHE_BYTES = 64L << 20;
    private static final long MEMTABLE_BYTES = 32L << 20;
    /** Bounds the log: memtables holding older writes are flushed to files before it grows past this. */
    private static final long MAX_LOG_BYTES = 128L << 20;
    private static final int BLOOM_BITS_PER_KEY = 10;
    private static final double MEMTABLE_BLOOM_RATIO = 0.1;

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final LRUCache cache;
    private final RocksDB db;
    private final ReadOptions read = new ReadOptions();
    private final WriteOptions write = new WriteOptions(); // not synced: sync() does that for many writes at once
    private final ThreadLocal<Command> current = new ThreadLocal<>();
    private volatile long applied;
    private volatile long committed;

    private RocksStore(Options options, LRUCache cache, RocksDB db) {
        this.options = options;
        this.cache = cache;
        this.db = db;
    }

    static RocksStore open(Path dir) {
        LRUCache cache = new LRUCache(CACHE_BYTES);
        Options options = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(MEMTABLE_BYTES)
                .setMaxTotalWalSize(MAX_LOG_BYTES)
                .setMaxBackgroundJobs(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                // A Bloom filter on the memtable too: most writes look up a key that is not there yet.
                .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
                .setMemtableWholeKeyFiltering(true)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        // Most lookups are point reads, many of keys that do not exist (a new dedupe key).
                        .setFilterPolicy(new BloomFilter(BLOOM_BITS_PER_KEY)));
        try {
            return new RocksStore(options, cache, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            options.close();
            cache.close();
            throw new IllegalStateException("cannot open the document store in " + dir + ": " + e.getMessage(), e);
        }
    }

    static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] key(byte[] prefix, String suffix) {
        byte[] s = key(suffix);
        byte[] k = Arrays.copyOf(prefix, prefix.length + s.length);
        System.arraycopy(s, 0, k, prefix.length, s.length);
        return k;
    }

    /**
     * A write command's batch, and what it read and wrote so far by key: mongo-java-server looks a
     * document up several times in one operation (the id index, the document, the duplicate check),
     * and each look-up through the batch and the database costs a few microseconds.
     */
    private static final class Command {
        private static final byte[] ABSENT = new byte[0];
        final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
        final Map<ByteBuffer, byte[]> seen = new HashMap<>();

        byte[] remembered(byte[] key) {
            return seen.get(ByteBuffer.wrap(key));
        }

        void remember(byte[] key, byte[] value) {
            seen.put(ByteBuffer.wrap(key), value == null ? ABSENT : value);
        }
    }

    /** Starts collecting the calling thread's writes; they reach the database at {@link #apply()}. */
    void begin() {
        current.set(new Command());
    }

    /** Writes what the calling thread collected since {@link #begin()} in one step, and ends the batch. */
    void apply() {
        try (WriteBatchWithIndex batch = current.get().batch) {
            current.remove();
            if (batch.count() > 0) {
                db.write(write, batch);
                applied++;
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the document store: " + e.getMessage(), e);
        }
    }

    byte[] get(byte[] key) {
        Command command = current.get();
        if (command == null) {
            return read(key);
        }
        byte[] value = command.remembered(key);
        if (value == null) {
            // Every write of the command went through put or delete and is remembered, so a key not
            // remembered is not in the batch: the database alone answers.
            value = read(key);
            command.remember(key, value);
        }
        return value == Command.ABSENT ? null : value;
    }

    /**
     * A key that is not there is the common case (a new message, a new dedupe entry): the Bloom
     * filters of the memtable and the files say so without reading anything.
     */
    private byte[] read(byte[] key) {
        try {
            Holder<byte[]> found = new Holder<>(); // filled when the memtable or the cache has the value at hand
            if (!db.keyMayExist(key, found)) {
                return null;
            }
            return found.getValue() != null ? found.getValue() : db.get(read, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the document store: " + e.getMessage(), e);
        }
    }

    void put(byte[] key, byte[] value) {
        try {
            Command command = command();
            command.batch.put(key, value);
            command.remember(key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the document store: " + e.getMessage(), e);
        }
    }

    void delete(byte[] key) {
        try {
            Command command = command();
            command.batch.delete(key);
            command.remember(key, null);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the document store: " + e.getMessage(), e);
        }
    }

    /** Deletes every key starting with {@code prefix}, in the calling thread's batch. */
    void deleteAll(byte[] prefix) {
        List<byte[]> keys = new ArrayList<>();
        scan(prefix, (k, v) -> keys.add(k));
        keys.forEach(this::delete);
    }

    private Command command() {
        Command command = current.get();
        if (command == null) {
            throw new IllegalStateException("a write outside of a write command");
        }
        return command;
    }

    /** Visits the keys starting with {@code prefix} in order, until the visitor returns false. */
    void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
        byte[] end = successor(prefix);
        try (Slice upper = new Slice(end); ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator base = db.newIterator(bounded)) {
            Command command = current.get();
            RocksIterator it = command == null ? base : command.batch.newIteratorWithBase(base);
            try {
                for (it.seek(prefix); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    if (Arrays.compareUnsigned(k, end) >= 0 || !visitor.test(k, it.value())) {
                        break;
                    }
                }
            } finally {
                if (it != base) {
                    it.close();
                }
            }
        }
    }

    /**
     * The databases that hold documents: one seek per database over keys {@code d/<db>.<collection>...}
     * (a database name holds no '.'; '/' sorts right after '.', so seeking to {@code d/<db>/} skips it).
     */
    List<String> databaseNames() {
        List<String> names = new ArrayList<>();
        try (RocksIterator it = db.newIterator(read)) {
            for (it.seek(key("d/")); it.isValid(); ) {
                String k = new String(it.key(), StandardCharsets.UTF_8);
                int dot = k.indexOf('.');
                if (!k.startsWith("d/") || dot < 0) {
                    break;
                }
                String name = k.substring(2, dot);
                names.add(name);
                it.seek(key("d/" + name + "/"));
            }
        }
        return names;
    }

    /** The smallest key greater than every key that starts with {@code prefix}. */
    static byte[] successor(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        throw new IllegalArgumentException("no key follows a prefix of 0xFF bytes");
    }

    @Override
    public boolean hasUnsavedChanges() {
        return applied != committed;
    }

    /** The log already has every applied write (RocksDB writes it at {@link #apply()}); counts what a sync will cover. */
    @Override
    public void commit() {
        committed = applied;
    }

    @Override
    public void sync() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot sync the document store's log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.syncWal();
            db.closeE();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot close the document store: " + e.getMessage(), e);
        } finally {
            read.close();
            write.close();
            options.close();
            cache.close();
        }
    }
}
