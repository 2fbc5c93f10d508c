package dev.imlab.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GroupCommitTest {

    @Test
    void awaitDurable_commitsThenSyncs_whenThereAreUnsavedChanges() {
        FakeStorage storage = new FakeStorage();
        GroupCommit groupCommit = new GroupCommit(storage, true);

        storage.change();
        groupCommit.awaitDurable();

        assertThat(storage.events).containsExactly("commit", "sync");
        assertThat(storage.syncedThrough).isEqualTo(1);
    }

    @Test
    void awaitDurable_commitsWithoutSync_whenFsyncIsOff() {
        FakeStorage storage = new FakeStorage();
        GroupCommit groupCommit = new GroupCommit(storage, false);

        storage.change();
        groupCommit.awaitDurable();

        assertThat(storage.events).containsExactly("commit");
    }

    @Test
    void awaitDurable_touchesNothing_whenNothingIsUnsaved() {
        FakeStorage storage = new FakeStorage();
        GroupCommit groupCommit = new GroupCommit(storage, true);

        groupCommit.awaitDurable();

        assertThat(storage.events).isEmpty();
    }

    @Test
    void awaitDurable_syncsAgain_afterASyncFailed() {
        FakeStorage storage = new FakeStorage();
        storage.failNextSync = true;
        GroupCommit groupCommit = new GroupCommit(storage, true);
        storage.change();

        assertThatThrownBy(groupCommit::awaitDurable).isInstanceOf(UncheckedIOException.class);
        // Nothing is unsaved any more, but the committed change never reached the disk.
        groupCommit.awaitDurable();

        assertThat(storage.events).containsExactly("commit", "sync failed", "commit", "sync");
        assertThat(storage.syncedThrough).isEqualTo(1);
    }

    @Test
    void writersArrivingDuringACommit_shareTheNextOne() throws Exception {
        FakeStorage storage = new FakeStorage();
        storage.holdFirstCommit();
        GroupCommit groupCommit = new GroupCommit(storage, true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        Thread first = writer(storage, groupCommit, failures);
        first.start();
        assertThat(storage.firstCommitStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread late = writer(storage, groupCommit, failures);
            late.start();
            waiting.add(late);
        }
        for (Thread late : waiting) {
            awaitBlocked(late);
        }
        storage.releaseFirstCommit.countDown();
        first.join();
        for (Thread late : waiting) {
            late.join();
        }

        assertThat(failures).isEmpty();
        // One commit for the first writer, one shared by the three that arrived while it ran.
        assertThat(storage.events).containsExactly("commit", "sync", "commit", "sync");
        assertThat(storage.syncedThrough).isEqualTo(4);
    }

    /** A writer changes the store, waits for durability, then checks its change is synced. */
    private static Thread writer(FakeStorage storage, GroupCommit groupCommit, List<Throwable> failures) {
        return new Thread(() -> {
            try {
                long mine = storage.change();
                groupCommit.awaitDurable();
                assertThat(storage.syncedThrough).isGreaterThanOrEqualTo(mine);
            } catch (Throwable e) {
                failures.add(e);
            }
        });
    }

    private static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (thread.getState() != Thread.State.BLOCKED) {
            assertThat(System.nanoTime()).as("%s never blocked on the commit lock", thread.getName()).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** Counts changes; a commit covers the changes made before it started, as MVStore's does. */
    private static final class FakeStorage implements GroupCommit.Storage {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCommitStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        private boolean holdFirstCommit;
        boolean failNextSync;
        // Atomic rather than synchronized: the only lock a writer may block on is GroupCommit's.
        private final AtomicLong changes = new AtomicLong();
        private volatile long committedThrough;
        volatile long syncedThrough;

        long change() {
            return changes.incrementAndGet();
        }

        void holdFirstCommit() {
            holdFirstCommit = true;
        }

        @Override
        public boolean hasUnsavedChanges() {
            return changes.get() > committedThrough;
        }

        @Override
        public void commit() {
            long snapshot = changes.get();
            if (holdFirstCommit) {
                holdFirstCommit = false;
                firstCommitStarted.countDown();
                awaitQuietly(releaseFirstCommit);
            }
            committedThrough = snapshot;
            events.add("commit");
        }

        @Override
        public void sync() {
            if (failNextSync) {
                failNextSync = false;
                events.add("sync failed");
                throw new UncheckedIOException(new IOException("disk full"));
            }
            syncedThrough = committedThrough;
            events.add("sync");
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
