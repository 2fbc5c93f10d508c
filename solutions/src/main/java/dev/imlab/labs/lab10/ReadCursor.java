package dev.imlab.labs.lab10;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A read seq: everything up to it was read. It only moves forward, whatever order reads come in
 * (a late one from a slow device, the same one twice after a retry), and any thread may move it.
 *
 * <p>A compare-and-set loop rather than {@code get} then {@code set}: two threads that both read 5
 * and then write 9 and 7 would leave 7. MongoDB's {@code $max}, which the real {@code ReadStore}
 * writes with, is the same operation on the server's side.
 */
public final class ReadCursor {
    private final AtomicLong seq = new AtomicLong();

    public ReadCursor() {
    }

    /** Moves the cursor to {@code seq} if that is higher; returns whether it moved. Any thread. */
    public boolean advance(long seq) {
        long current = this.seq.get();
        while (seq > current) {
            if (this.seq.compareAndSet(current, seq)) {
                return true;
            }
            current = this.seq.get();
        }
        return false;
    }

    /** The highest seq ever passed to {@link #advance}; 0 before the first. */
    public long seq() {
        return seq.get();
    }
}
