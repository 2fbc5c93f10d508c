package dev.imlab.labs.lab07;

import java.util.Arrays;
import java.util.List;

/** Percentiles per hop of one run of the pipeline, and the table that shows them. */
final class LatencyReport {
    private final String title;
    private final List<Stamps> measured;

    /** @param measured the messages that count: the load's, after its warm-up */
    LatencyReport(String title, List<Stamps> measured) {
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("no messages to report on");
        }
        this.title = title;
        this.measured = List.copyOf(measured);
    }

    /** The median of the hops' sum, per message, in microseconds. */
    long p50(Hop... hops) {
        return percentile(50, hops);
    }

    /** The 99th percentile of the hops' sum, per message, in microseconds: 1 message in 100 took longer. */
    long p99(Hop... hops) {
        return percentile(99, hops);
    }

    long max(Hop... hops) {
        return percentile(100, hops);
    }

    /** Nearest rank: the smallest value that at least {@code p} percent of the messages do not exceed. */
    private long percentile(int p, Hop... hops) {
        long[] sums = new long[measured.size()];
        for (int i = 0; i < sums.length; i++) {
            for (Hop hop : hops) {
                sums[i] += hop.micros(measured.get(i));
            }
        }
        Arrays.sort(sums);
        int rank = (int) Math.ceil(p / 100.0 * sums.length);
        return sums[Math.max(0, rank - 1)];
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(title).append(System.lineSeparator());
        String heading = "hop (" + measured.size() + " messages)";
        out.append(String.format("  %-32s %9s %9s %9s%n", heading, "p50 ms", "p99 ms", "max ms"));
        for (Hop hop : Hop.values()) {
            out.append(String.format("  %-32s %9.1f %9.1f %9.1f%n", hop.label(),
                    p50(hop) / 1000.0, p99(hop) / 1000.0, max(hop) / 1000.0));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return table();
    }
}
