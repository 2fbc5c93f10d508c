package dev.imlab.embedded.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a writer until the change it just made is committed to the file and, with {@code fsync},
 * forced to the disk. Writers that arrive while a commit is running share the next one (group
 * commit), so a burst of N writers costs about two commits rather than N.
 *
 * @implNote Strategy candidates: (1) commit and fsync once per write under a lock: simple, but
 * concurrent writers queue for N fsyncs; (2) a dedicated flusher thread fed by a queue: the most
 * throughput, more moving parts; (3) chosen: each writer takes a ticket after its change is in
 * memory, then the lock holder commits everything that arrived before it started and marks those
 * tickets durable; a writer whose ticket is already covered returns without touching the disk.
 */
public final class GroupCommit {

    /** The two steps of making a change durable. {@code MVStore} in production. */
    public interface Storage {
        boolean hasUnsavedChanges();

        /** Writes every change made so far to the file (the OS page cache): enough to survive kill -9. */
        void commit();

        /** Forces the file to the device: needed to survive a power cut. */
        void sync();
    }

    private final Storage storage;
    private final boolean fsync;
    /** Writers that finished their in-memory change; a writer's ticket is this count right after its change. */
    private final AtomicLong tickets = new AtomicLong();
    private final Object lock = new Object();
    /** Every ticket up to this one is durable. Guarded by {@link #lock}. */
    private long durableThrough;
    /** The last commit's fsync failed, so the next holder must sync even if nothing is unsaved. Guarded by {@link #lock}. */
    private boolean syncOwed;

    public GroupCommit(Storage storage, boolean fsync) {
        this.storage = storage;
        this.fsync = fsync;
    }

    /**
     * Returns once every change the calling thread made before this call is durable; throws if
     * committing or syncing failed, in which case the caller must not report success.
     */
    public void awaitDurable() {
        long ticket = tickets.incrementAndGet();
        synchronized (lock) {
            if (durableThrough >= ticket) {
                return;
            }
            // Everything up to here was in memory before the commit below starts, so it is covered.
            long covered = tickets.get();
            if (syncOwed || storage.hasUnsavedChanges()) {
                storage.commit();
                if (fsync) {
                    syncOwed = true;
                    storage.sync();
                    syncOwed = false;
                }
            }
            durableThrough = covered;
        }
    }
}
