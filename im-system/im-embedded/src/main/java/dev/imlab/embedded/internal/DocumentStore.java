package dev.imlab.embedded.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Where the stand-in keeps its documents: sorted byte keys to BSON bytes, with the writes of a
 * command applied together at its end ({@link RocksStore} on disk, {@link MemoryStore} for a
 * benchmark's ceiling).
 *
 * <p>A write command collects its puts and deletes here ({@link #begin()}); its own reads see them
 * over the store, other threads see the store alone, and {@link #apply()} hands them to the store in
 * one step. What it read is remembered for the rest of the command too: mongo-java-server looks a
 * document up several times in one operation (the id index, the document, the duplicate check).
 */
abstract class DocumentStore implements GroupCommit.Storage, AutoCloseable {
    private static final byte[] ABSENT = new byte[0];
    private static final byte[] DELETED = new byte[0];

    /** A write command's writes (value or {@link #DELETED}) and reads (value or {@link #ABSENT}), by key. */
    private static final class Command {
        final Map<ByteBuffer, byte[]> writes = new LinkedHashMap<>();
        final Map<ByteBuffer, byte[]> reads = new HashMap<>();
    }

    private final ThreadLocal<Command> current = new ThreadLocal<>();
    private volatile long applied;
    private volatile long committed;

    /** The value under {@code key}, or null. */
    protected abstract byte[] read(byte[] key);

    /** Visits the store's keys starting with {@code prefix} in order, until the visitor returns false. */
    protected abstract void readRange(byte[] prefix, BiPredicate<byte[], byte[]> visitor);

    /** Writes a command's changes in one step: a value, or {@code null} to delete the key. */
    protected abstract void write(Map<byte[], byte[]> changes);

    /** The databases that hold documents (keys {@code d/<db>.<collection>...}). */
    abstract List<String> databaseNames();

    @Override
    public abstract void close();

    static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] key(byte[] prefix, String suffix) {
        byte[] s = key(suffix);
        byte[] k = Arrays.copyOf(prefix, prefix.length + s.length);
        System.arraycopy(s, 0, k, prefix.length, s.length);
        return k;
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

    /** Starts collecting the calling thread's writes; they reach the store at {@link #apply()}. */
    void begin() {
        current.set(new Command());
    }

    /** Writes what the calling thread collected since {@link #begin()} in one step, and ends the command. */
    void apply() {
        Command command = current.get();
        current.remove();
        if (!command.writes.isEmpty()) {
            Map<byte[], byte[]> changes = new LinkedHashMap<>();
            command.writes.forEach((k, v) -> changes.put(k.array(), v == DELETED ? null : v));
            write(changes);
            applied++;
        }
    }

    byte[] get(byte[] key) {
        Command command = current.get();
        if (command == null) {
            return read(key);
        }
        ByteBuffer k = ByteBuffer.wrap(key);
        byte[] written = command.writes.get(k);
        if (written != null) {
            return written == DELETED ? null : written;
        }
        byte[] value = command.reads.get(k);
        if (value == null) {
            value = read(key);
            command.reads.put(k, value == null ? ABSENT : value);
        }
        return value == ABSENT ? null : value;
    }

    void put(byte[] key, byte[] value) {
        command().writes.put(ByteBuffer.wrap(key), value);
    }

    void delete(byte[] key) {
        command().writes.put(ByteBuffer.wrap(key), DELETED);
    }

    /** How many keys start with {@code prefix}: a walk over them. */
    long count(byte[] prefix) {
        long[] n = {0};
        scan(prefix, (k, v) -> {
            n[0]++;
            return true;
        });
        return n[0];
    }

    /** Whether no key starts with {@code prefix}: one step of a walk. */
    boolean isEmpty(byte[] prefix) {
        boolean[] empty = {true};
        scan(prefix, (k, v) -> empty[0] = false);
        return empty[0];
    }

    /** Deletes every key starting with {@code prefix}, in the calling thread's command. */
    void deleteAll(byte[] prefix) {
        List<byte[]> keys = new ArrayList<>();
        scan(prefix, (k, v) -> keys.add(k));
        keys.forEach(this::delete);
    }

    /** Visits the keys starting with {@code prefix} in order, until the visitor returns false; a write command sees its own writes. */
    void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
        Command command = current.get();
        if (command == null || command.writes.isEmpty()) {
            readRange(prefix, visitor);
            return;
        }
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
        readRange(prefix, (k, v) -> merged.put(k, v) == null);
        command.writes.forEach((k, v) -> {
            byte[] key = k.array();
            if (key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                if (v == DELETED) {
                    merged.remove(key);
                } else {
                    merged.put(key, v);
                }
            }
        });
        for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
            if (!visitor.test(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    private Command command() {
        Command command = current.get();
        if (command == null) {
            throw new IllegalStateException("a write outside of a write command");
        }
        return command;
    }

    @Override
    public boolean hasUnsavedChanges() {
        return applied != committed;
    }

    /** The store has every applied write (in its log, or in memory); counts what a sync will cover. */
    @Override
    public void commit() {
        committed = applied;
    }
}
