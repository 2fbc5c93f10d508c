package dev.imlab.embedded.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.Holder;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Every document of the stand-in as a key and BSON bytes in one RocksDB. A command's changes are
 * written in one batch, to RocksDB's write-ahead log (the operating system has it: it survives
 * {@code kill -9}) and its memtable (readers see it). {@link #sync()} then forces the log to the
 * disk, for a power cut; {@link GroupCommit} lets one sync cover every command before it.
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
final class RocksStore extends DocumentStore {
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
    private final ReadOptions reads = new ReadOptions();
    private final WriteOptions writes = new WriteOptions(); // not synced: sync() does that for many writes at once

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
                // The newest levels are rewritten most often: compressing them costs the most CPU and saves little space.
                .setCompressionPerLevel(List.of(CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION, CompressionType.LZ4_COMPRESSION, CompressionType.LZ4_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION, CompressionType.LZ4_COMPRESSION))
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

    /**
     * A key that is not there is the common case (a new message, a new dedupe entry): the Bloom
     * filters of the memtable and the files say so without reading anything.
     */
    @Override
    protected byte[] read(byte[] key) {
        try {
            Holder<byte[]> found = new Holder<>(); // filled when the memtable or the cache has the value at hand
            if (!db.keyMayExist(key, found)) {
                return null;
            }
            return found.getValue() != null ? found.getValue() : db.get(reads, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the document store: " + e.getMessage(), e);
        }
    }

    @Override
    protected void readRange(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
        byte[] end = successor(prefix);
        try (Slice upper = new Slice(end); ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(bounded)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                if (!visitor.test(it.key(), it.value())) {
                    break;
                }
            }
        }
    }

    @Override
    protected void write(Map<byte[], byte[]> changes) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
                if (change.getValue() == null) {
                    batch.delete(change.getKey());
                } else {
                    batch.put(change.getKey(), change.getValue());
                }
            }
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write to the document store: " + e.getMessage(), e);
        }
    }

    /**
     * One seek per database over keys {@code d/<db>.<collection>...} (a database name holds no '.';
     * '/' sorts right after '.', so seeking to {@code d/<db>/} skips it).
     */
    @Override
    List<String> databaseNames() {
        List<String> names = new ArrayList<>();
        try (RocksIterator it = db.newIterator(reads)) {
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
            reads.close();
            writes.close();
            options.close();
            cache.close();
        }
    }
}
