package dev.imlab.bench.report;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A progress bar on stderr for long runs: redrawn in place on a terminal, one line every 5 s
 * otherwise (logs, CI).
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final boolean terminal = System.console() != null;
    private final String label;
    private long lastLine;

    public Progress(String label) {
        this.label = label;
    }

    public void show(double fraction, Duration elapsed, Supplier<String> status) {
        long now = System.nanoTime();
        if (!terminal && now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        String bar = label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + elapsed.toSeconds() + "s  "
                + status.get();
        if (terminal) {
            System.err.print("\r" + bar + "    ");
        } else {
            System.err.println(bar);
        }
    }

    public void done() {
        if (terminal) {
            System.err.println();
        }
    }
}
