package dev.imlab.labs.lab10;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab10")
class ReadCoalescerTest {
    private final CountingReadSeqStore store = new CountingReadSeqStore();
    private final List<Read> receipts = Collections.synchronizedList(new ArrayList<>());
    private final ReadCoalescer coalescer = new ReadCoalescer(store, receipts::add);

    static Read bobReads(long seq) {
        return new Read("bob", "phone", "si_alice_bob", seq);
    }

    @Test
    void aBurstOfReads_isOneStoreWrite_andOneReceipt_forTheLatest() {
        List<Long> seqs = new ArrayList<>();
        for (long s = 1; s <= 100; s++) {
            seqs.add(s);
        }
        Collections.shuffle(seqs, new Random(7)); // the frames of a scroll, overtaking one another
        for (long s : seqs) {
            coalescer.read(s == 100 ? new Read("bob", "tablet", "si_alice_bob", 100) : bobReads(s));
        }

        coalescer.flush();

        assertThat(store.advanceCalls()).as("store writes").isEqualTo(1);
        assertThat(store.readCalls()).as("store reads").isEqualTo(1);
        assertThat(store.seq("bob/si_alice_bob")).isEqualTo(100);
        assertThat(receipts).as("the latest read wins, with its device")
                .containsExactly(new Read("bob", "tablet", "si_alice_bob", 100));
    }

    @Test
    void nothingArrived_noRoundTrip() {
        coalescer.flush();
        coalescer.read(bobReads(3));
        coalescer.flush();
        coalescer.flush();

        assertThat(store.readCalls()).isEqualTo(1);
        assertThat(store.advanceCalls()).isEqualTo(1);
        assertThat(receipts).hasSize(1);
    }

    @Test
    void readsOfManyUsersAndConversations_shareOneWrite_withOneReceiptEach() {
        for (String user : List.of("alice", "bob", "carol")) {
            for (String conversation : List.of("gr_team", "gr_family")) {
                coalescer.read(new Read(user, "phone", conversation, 4));
                coalescer.read(new Read(user, "phone", conversation, 9));
                coalescer.read(new Read(user, "phone", conversation, 6));
            }
        }

        coalescer.flush();

        assertThat(store.advanceCalls()).isEqualTo(1);
        assertThat(store.seqsWritten()).as("one seq per user and conversation").isEqualTo(6);
        assertThat(receipts).hasSize(6).allSatisfy(r -> assertThat(r.seq()).isEqualTo(9));
    }

    @Test
    void aReadAtOrBelowTheStoredSeq_isNotWritten_andMakesNoReceipt() {
        store.storedElsewhere("bob/si_alice_bob", 50); // bob sent seq 50: sending moved his read seq
        coalescer.read(bobReads(10));
        coalescer.read(bobReads(50));

        coalescer.flush();

        assertThat(store.advanceCalls()).as("nothing moves, nothing to write").isZero();
        assertThat(receipts).isEmpty();
        assertThat(store.seq("bob/si_alice_bob")).isEqualTo(50);
    }

    @Test
    void onlyTheReadsThatMove_areWrittenAndAnnounced() {
        store.storedElsewhere("bob/si_alice_bob", 50);
        coalescer.read(bobReads(40));
        coalescer.read(new Read("carol", "phone", "si_alice_carol", 2));

        coalescer.flush();

        assertThat(store.seqsWritten()).isEqualTo(1);
        assertThat(receipts).containsExactly(new Read("carol", "phone", "si_alice_carol", 2));
    }

    @Test
    void laterFlushes_announceOnlyNewHighs() {
        coalescer.read(bobReads(5));
        coalescer.flush();
        coalescer.read(bobReads(4)); // late
        coalescer.flush();
        coalescer.read(bobReads(8));
        coalescer.flush();

        assertThat(receipts).extracting(Read::seq).containsExactly(5L, 8L);
        assertThat(store.advanceCalls()).isEqualTo(2);
    }

    @Test
    void readsFromManyThreads_whileFlushesRun_areNeverLost_andReceiptsOnlyGoUp() throws Exception {
        coalescer.flush(); // on the test thread first: a stub's LabNotDone must reach JUnit as it is
        int threads = 6;
        int readsPerThread = 5_000;
        List<String> users = List.of("u1", "u2", "u3", "u4");
        List<String> conversations = List.of("gr_a", "gr_b", "gr_c");
        Map<String, Long> highest = new HashMap<>();
        List<List<Read>> perThread = new ArrayList<>();
        Random random = new Random(2026);
        for (int t = 0; t < threads; t++) {
            List<Read> mine = new ArrayList<>();
            for (int i = 0; i < readsPerThread; i++) {
                Read read = new Read(users.get(random.nextInt(users.size())), "d" + t,
                        conversations.get(random.nextInt(conversations.size())), 1 + random.nextInt(100_000));
                mine.add(read);
                highest.merge(read.key(), read.seq(), Math::max);
            }
            perThread.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        int flushes = 0;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<Read> mine : perThread) {
                running.add(pool.submit(() -> {
                    go.await();
                    mine.forEach(coalescer::read);
                    return null;
                }));
            }
            go.countDown();
            while (!running.stream().allMatch(Future::isDone)) {
                coalescer.flush(); // one flushing thread, as in the server, racing the readers
                flushes++;
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        coalescer.flush();
        flushes++;

        highest.forEach((key, seq) -> assertThat(store.seq(key)).as("stored read seq of %s", key).isEqualTo(seq));
        assertThat(store.advanceCalls()).as("at most one write per flush").isLessThanOrEqualTo(flushes);
        Map<String, Long> lastReceipt = new HashMap<>();
        for (Read receipt : List.copyOf(receipts)) {
            Long before = lastReceipt.put(receipt.key(), receipt.seq());
            assertThat(receipt.seq()).as("receipts of %s only go up", receipt.key()).isGreaterThan(before == null ? 0 : before);
        }
        assertThat(lastReceipt).as("the last receipt of each is its highest read").isEqualTo(highest);
    }
}
