package dev.imlab.bench.catchup;

import dev.imlab.protocol.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the app got during a catch-up, checked per conversation as it arrives: each seq once, in
 * order, none skipped (every message of the run is live: nothing expired or was recalled). The
 * SDK hands messages on one delivery thread; the bench thread only reads the totals.
 */
final class Arrival {
    private final Map<String, Long> last = new HashMap<>();
    private final List<Long> perSecond = new ArrayList<>();
    private final long start = System.nanoTime();
    private volatile long count;
    private volatile long firstAt;
    private long duplicates;
    private long gaps;

    void take(Message m) {
        long now = System.nanoTime();
        if (count == 0) {
            firstAt = now;
        }
        long previous = last.getOrDefault(m.conversationId(), 0L);
        if (m.seq() <= previous) {
            duplicates++;
        } else {
            if (m.seq() != previous + 1) {
                gaps++;
            }
            last.put(m.conversationId(), m.seq());
        }
        int second = (int) ((now - start) / 1_000_000_000L);
        synchronized (perSecond) {
            while (perSecond.size() <= second) {
                perSecond.add(0L);
            }
            perSecond.set(second, perSecond.get(second) + 1);
        }
        count++; // one writer: the SDK's delivery thread
    }

    long count() {
        return count;
    }

    long firstAt() {
        return firstAt;
    }

    boolean clean(long expected) {
        return count == expected && duplicates == 0 && gaps == 0;
    }

    String verdict() {
        return "received " + count + ", duplicated " + duplicates + ", gaps or out of order " + gaps;
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", count);
        m.put("duplicated", duplicates);
        m.put("gapsOrOutOfOrder", gaps);
        m.put("conversations", last.size());
        return m;
    }

    double[] seconds() {
        synchronized (perSecond) {
            double[] x = new double[perSecond.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            return x;
        }
    }

    double[] countsPerSecond() {
        synchronized (perSecond) {
            return perSecond.stream().mapToDouble(Long::doubleValue).toArray();
        }
    }
}
