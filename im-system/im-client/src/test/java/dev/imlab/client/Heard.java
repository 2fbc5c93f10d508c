package dev.imlab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;

/**
 * Collects what a {@code (conversationId, value)} listener heard, as {@code "conversationId=value"},
 * so that a test can wait for one with a deadline instead of sleeping.
 */
final class Heard implements ObjLongConsumer<String> {
    private static final long WAIT_MILLIS = 5_000;

    private final List<String> heard = new ArrayList<>();
    /** Where the next {@link #await} starts looking: a value heard before the last match does not count. */
    private int next;

    @Override
    public synchronized void accept(String conversationId, long value) {
        heard.add(conversationId + "=" + value);
        notifyAll();
    }

    /** Waits until {@code conversationId=value} is heard after what the last {@code await} matched; fails after 5 s. */
    synchronized void await(String conversationId, long value) {
        String expected = conversationId + "=" + value;
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (true) {
            int at = heard.subList(next, heard.size()).indexOf(expected);
            if (at >= 0) {
                next += at + 1;
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("never heard " + expected + "; heard " + heard);
            }
            try {
                wait(left / 1_000_000 + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    synchronized List<String> all() {
        return List.copyOf(heard);
    }
}
