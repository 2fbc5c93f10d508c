package dev.imlab.labs.lab10;

import dev.imlab.labs.LabNotDone;

/**
 * A read seq: everything up to it was read. It only moves forward, whatever order reads come in
 * (a late one from a slow device, the same one twice after a retry), and any thread may move it.
 */
public final class ReadCursor {

    public ReadCursor() {
        // Keep what you need.
    }

    /** Moves the cursor to {@code seq} if that is higher; returns whether it moved. Any thread. */
    public boolean advance(long seq) {
        throw new LabNotDone(ReadCursor.class, "advance");
    }

    /** The highest seq ever passed to {@link #advance}; 0 before the first. */
    public long seq() {
        throw new LabNotDone(ReadCursor.class, "seq");
    }
}
