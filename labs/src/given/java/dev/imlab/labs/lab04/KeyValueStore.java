package dev.imlab.labs.lab04;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A collection of documents by key, reduced to what decides the cost of a read: reading by key
 * is a lookup, scanning walks keys in order. It counts both, so that tests can tell a layout
 * that reads by key from one that scans. In memory; one thread.
 *
 * <p>It stands for a MongoDB collection (read by {@code _id}, or by an index), an HBase table (get
 * by row key, or scan), or a Redis keyspace.
 */
public final class KeyValueStore<V> {
    private final TreeMap<String, V> documents = new TreeMap<>();
    private long keysRead;
    private long keysScanned;
    private int scans;

    /** The document under {@code key}, or null. */
    public V get(String key) {
        keysRead++;
        return documents.get(key);
    }

    /** The documents under {@code keys} that exist, in the keys' order: one round trip. */
    public Map<String, V> getAll(Collection<String> keys) {
        Map<String, V> found = new LinkedHashMap<>();
        for (String key : keys) {
            keysRead++;
            V v = documents.get(key);
            if (v != null) {
                found.put(key, v);
            }
        }
        return found;
    }

    /** Stores a new document; false, and nothing changes, if {@code key} is taken (a unique {@code _id}). */
    public boolean insert(String key, V value) {
        return documents.putIfAbsent(key, value) == null;
    }

    /** Stores the document, replacing any under {@code key} (an upsert). */
    public void put(String key, V value) {
        documents.put(key, value);
    }

    /** Every document with a key in {@code [fromKey, toKey)}, in key order: walks them all. */
    public SortedMap<String, V> scan(String fromKey, String toKey) {
        scans++;
        SortedMap<String, V> found = new TreeMap<>(documents.subMap(fromKey, toKey));
        keysScanned += found.size();
        return found;
    }

    /** Keys looked up by {@link #get} and {@link #getAll}. */
    public long keysRead() {
        return keysRead;
    }

    /** Calls of {@link #scan}. */
    public int scans() {
        return scans;
    }

    /** Documents walked by {@link #scan}. */
    public long keysScanned() {
        return keysScanned;
    }
}
