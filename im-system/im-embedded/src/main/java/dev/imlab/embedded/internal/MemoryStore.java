package dev.imlab.embedded.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiPredicate;

/**
 * The documents in a sorted map on the heap, kept nowhere else: the same stand-in on storage that
 * costs almost nothing and keeps nothing, to measure what {@link RocksStore} costs (a benchmark's
 * ceiling). A restart or a crash loses everything.
 */
final class MemoryStore extends DocumentStore {
    private final ConcurrentSkipListMap<byte[], byte[]> documents = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    @Override
    protected byte[] read(byte[] key) {
        return documents.get(key);
    }

    @Override
    protected void readRange(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
        for (Map.Entry<byte[], byte[]> e : documents.subMap(prefix, successor(prefix)).entrySet()) {
            if (!visitor.test(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    @Override
    protected void write(Map<byte[], byte[]> changes) {
        changes.forEach((key, value) -> {
            if (value == null) {
                documents.remove(key);
            } else {
                documents.put(key, value);
            }
        });
    }

    @Override
    List<String> databaseNames() {
        List<String> names = new ArrayList<>();
        for (byte[] k = documents.ceilingKey(key("d/")); k != null; ) {
            String text = new String(k, StandardCharsets.UTF_8);
            int dot = text.indexOf('.');
            if (!text.startsWith("d/") || dot < 0) {
                break;
            }
            String name = text.substring(2, dot);
            names.add(name);
            k = documents.ceilingKey(key("d/" + name + "/"));
        }
        return names;
    }

    /** Nothing to force to a disk. */
    @Override
    public void sync() {
    }

    @Override
    public void close() {
        documents.clear();
    }
}
