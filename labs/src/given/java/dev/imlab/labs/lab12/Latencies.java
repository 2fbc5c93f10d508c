package dev.imlab.labs.lab12;

import java.util.Arrays;

/**
 * Latencies of one kind over a window, in microseconds, with their percentiles. Thread-safe; a few
 * thousand samples per window, so a sorted copy is cheaper to reason about than a histogram.
 */
final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long micros) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = Math.max(0, micros);
    }

    synchronized int count() {
        return size;
    }

    /** The value at or under which {@code q} (0..1) of the samples lie, in ms; 0 without samples. */
    synchronized double percentileMs(double q) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1000.0;
    }
}
