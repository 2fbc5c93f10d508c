package dev.imlab.embedded.internal;

/**
 * Holds a writer until the change it just made is committed to the file and, with {@code fsync},
 * forced to the disk.
 *
 * <p>Writers that arrive while a commit runs queue on the lock; the first of them commits every
 * change made by then, so the others find nothing unsaved and return at once (group commit). A
 * burst of N writers costs about two commits rather than N.
 *
 * @implNote Strategy candidates: (1) a flusher thread fed by a queue: most throughput, more moving
 * parts; (2) tickets counting which writers a commit covered: saves one cheap check per writer;
 * (3) chosen: one lock and "is anything unsaved?", which is exact because nothing else commits the
 * store (its background writer is off).
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
    private final Object lock = new Object();
    /** The last fsync failed: its commit is in the file but maybe not on the disk. Guarded by {@link #lock}. */
    private boolean syncOwed;

    public GroupCommit(Storage storage, boolean fsync) {
        this.storage = storage;
        this.fsync = fsync;
    }

    /**
     * Returns once every change made before this call is durable; throws if committing or syncing
     * failed, in which case the caller must not report success.
     */
    public void awaitDurable() {
        synchronized (lock) {
            if (!syncOwed && !storage.hasUnsavedChanges()) {
                return;
            }
            storage.commit();
            if (fsync) {
                syncOwed = true;
                storage.sync();
                syncOwed = false;
            }
        }
    }
}
