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
class ReadCursorTest {

    @Test
    void startsAtZero_andMovesForward() {
        ReadCursor cursor = new ReadCursor();
        assertThat(cursor.seq()).isZero();

        assertThat(cursor.advance(3)).isTrue();
        assertThat(cursor.advance(7)).isTrue();

        assertThat(cursor.seq()).isEqualTo(7);
    }

    @Test
    void aLateRead_orTheSameReadTwice_movesNothing() {
        ReadCursor cursor = new ReadCursor();
        cursor.advance(7);

        assertThat(cursor.advance(3)).as("a late read of 3").isFalse();
        assertThat(cursor.advance(7)).as("7 again, after a retry").isFalse();
        assertThat(cursor.seq()).isEqualTo(7);
    }

    @Test
    void manyThreads_leaveTheHighestSeq_andExactlyTheMovesThatHappened() throws Exception {
        ReadCursor cursor = new ReadCursor();
        assertThat(cursor.seq()).isZero(); // on the test thread first: a stub's LabNotDone must reach JUnit as it is
        List<Long> seqs = new ArrayList<>();
        for (long s = 1; s <= 20_000; s++) {
            seqs.add(s);
        }
        Collections.shuffle(seqs, new Random(10));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Long> mine = seqs.subList(t * seqs.size() / threads, (t + 1) * seqs.size() / threads);
                work.add(() -> {
                    int moved = 0;
                    for (long s : mine) {
                        long before = cursor.seq();
                        boolean didMove = cursor.advance(s);
                        if (didMove) {
                            moved++;
                        }
                        if (cursor.seq() < before || cursor.seq() < s) {
                            return -1; // went back, or below a seq it was given
                        }
                    }
                    return moved;
                });
            }
            int moves = 0;
            for (Future<Integer> f : pool.invokeAll(work)) {
                int moved = f.get();
                assertThat(moved).as("a thread saw the cursor go back or stay below its seq").isNotNegative();
                moves += moved;
            }
            assertThat(cursor.seq()).isEqualTo(20_000);
            assertThat(moves).as("every true is a move to a higher seq").isBetween(1, 20_000);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
