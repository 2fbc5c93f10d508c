package dev.imlab.labs.lab10;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab10")
class UnreadCountTest {

    @Test
    void theRule_isMaxSeqMinusTheReadSeq() {
        assertThat(UnreadCount.of(10, 0, 1)).isEqualTo(10);
        assertThat(UnreadCount.of(10, 7, 1)).isEqualTo(3);
        assertThat(UnreadCount.of(10, 10, 1)).isZero();
    }

    @Test
    void theRule_leavesExpiredMessagesOut_andNeverGoesBelowZero() {
        assertThat(UnreadCount.of(10, 2, 6)).as("seqs 1..5 expired: 6..10 unread").isEqualTo(5);
        assertThat(UnreadCount.of(10, 8, 6)).as("a read above minSeq still counts").isEqualTo(2);
        assertThat(UnreadCount.of(10, 0, 11)).as("everything expired").isZero();
        assertThat(UnreadCount.of(10, 12, 1)).as("a read seq ahead of maxSeq (OpenIM #3539's negative count)").isZero();
        assertThat(UnreadCount.of(0, 0, 1)).as("an empty conversation").isZero();
    }

    @Test
    void aLateRead_orTheSameReadTwice_neverRaisesTheCount() {
        UnreadCount badge = new UnreadCount();
        badge.stored(10);
        badge.read(7);
        assertThat(badge.unread()).isEqualTo(3);

        badge.read(3); // another device's older read, arriving late
        assertThat(badge.unread()).isEqualTo(3);
        badge.read(7); // the same read again
        assertThat(badge.unread()).isEqualTo(3);
    }

    @Test
    void pushesOutOfOrder_andAPushAnnouncedTwice_countOnce() {
        UnreadCount badge = new UnreadCount();
        badge.stored(3);
        badge.stored(1); // a push that was overtaken
        badge.stored(3); // the same message from a sync line
        assertThat(badge.unread()).isEqualTo(3);
    }

    @Test
    void aReceiptAheadOfThePush_countsZero_thenTheMessageIsAlreadyRead() {
        UnreadCount badge = new UnreadCount();
        badge.stored(10);
        badge.read(11); // the phone read 11; its receipt reached the tablet before push 11 did

        assertThat(badge.unread()).isZero();
        badge.stored(11);
        assertThat(badge.unread()).isZero();
        badge.stored(12);
        assertThat(badge.unread()).isEqualTo(1);
    }

    @Test
    void expiry_takesExpiredMessagesOffTheCount_andAnOlderMinSeqChangesNothing() {
        UnreadCount badge = new UnreadCount();
        badge.stored(40);
        badge.read(5);
        badge.expiredBelow(31);
        assertThat(badge.unread()).isEqualTo(10);

        badge.expiredBelow(20); // an older sync line
        assertThat(badge.unread()).isEqualTo(10);
    }

    @Test
    void manyThreads_inAnyOrder_leaveTheExactCount_andNoOneEverSeesItNegative() throws Exception {
        UnreadCount badge = new UnreadCount();
        assertThat(badge.unread()).isZero(); // on the test thread first: a stub's LabNotDone must reach JUnit as it is
        Random random = new Random(42);
        List<Runnable> events = new ArrayList<>();
        for (long s = 1; s <= 3_000; s++) {
            long seq = s;
            events.add(() -> badge.stored(seq));
            if (random.nextInt(3) == 0) {
                events.add(() -> badge.stored(seq)); // announced twice: a push and a sync
            }
            if (s <= 1_800 && random.nextInt(4) == 0) {
                events.add(() -> badge.read(seq));
            }
        }
        events.add(() -> badge.read(1_800));
        events.add(() -> badge.read(1_800));
        for (long m = 1; m <= 200; m += 7) {
            long minSeq = m;
            events.add(() -> badge.expiredBelow(minSeq));
        }
        Collections.shuffle(events, random);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Long>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Runnable> mine = events.subList(t * events.size() / threads, (t + 1) * events.size() / threads);
                work.add(() -> {
                    long lowest = 0;
                    for (Runnable event : mine) {
                        event.run();
                        lowest = Math.min(lowest, badge.unread());
                    }
                    return lowest;
                });
            }
            for (Future<Long> f : pool.invokeAll(work)) {
                assertThat(f.get()).as("the lowest count a thread saw").isNotNegative();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(badge.unread()).as("3,000 messages, read up to 1,800").isEqualTo(1_200);
    }
}
