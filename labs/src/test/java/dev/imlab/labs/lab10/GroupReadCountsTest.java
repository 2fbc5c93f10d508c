package dev.imlab.labs.lab10;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab10")
class GroupReadCountsTest {
    private final GroupReadCounts counts = new GroupReadCounts();

    /** Messages 1..n, sent in turn by the members given. */
    private void sent(int n, String... senders) {
        for (int seq = 1; seq <= n; seq++) {
            counts.sent(seq, senders[(seq - 1) % senders.length]);
        }
    }

    @Test
    void aReadUpToSeven_countsTheMemberOnceForEachOfOneToSeven() {
        sent(10, "alice");

        counts.read("bob", 7);

        for (int seq = 1; seq <= 7; seq++) {
            assertThat(counts.readBy(seq)).as("message %d", seq).isEqualTo(1);
        }
        assertThat(counts.readBy(8)).isZero();
    }

    @Test
    void theSender_isNotAReaderOfItsOwnMessage() {
        sent(4, "alice", "bob");

        counts.read("alice", 4);
        counts.read("bob", 4);

        assertThat(List.of(counts.readBy(1), counts.readBy(2), counts.readBy(3), counts.readBy(4)))
                .as("each message read by the one member who did not send it").containsExactly(1, 1, 1, 1);
    }

    @Test
    void aRepeatedReceipt_andALateOne_countNothing() {
        sent(10, "alice");
        counts.read("bob", 6);

        counts.read("bob", 6);
        counts.read("bob", 2);
        counts.read("bob", 8);

        assertThat(counts.readBy(2)).isEqualTo(1);
        assertThat(counts.readBy(6)).isEqualTo(1);
        assertThat(counts.readBy(8)).isEqualTo(1);
        assertThat(counts.readBy(9)).isZero();
    }

    @Test
    void eachMember_countsOnce() {
        sent(5, "alice");

        counts.read("bob", 5);
        counts.read("carol", 3);
        counts.read("dave", 1);

        assertThat(counts.readBy(1)).isEqualTo(3);
        assertThat(counts.readBy(3)).isEqualTo(2);
        assertThat(counts.readBy(5)).isEqualTo(1);
    }

    @Test
    void receiptsFromManyThreads_lateAndTwice_countEachReaderExactlyOnce() throws Exception {
        int messages = 300;
        List<String> members = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            members.add("member-" + m);
        }
        sent(messages, members.toArray(String[]::new));
        assertThat(counts.readBy(1)).isZero(); // on the test thread first: a stub's LabNotDone must reach JUnit as it is
        Random random = new Random(99);
        Map<String, Integer> highest = new HashMap<>();
        List<String[]> receipts = new ArrayList<>();
        for (String member : members) {
            int upTo = random.nextInt(messages + 1);
            highest.put(member, upTo);
            for (int seq = 1; seq <= upTo; seq++) {
                if (seq == upTo || random.nextInt(5) == 0) {
                    receipts.add(new String[] {member, Integer.toString(seq)});
                    if (random.nextInt(3) == 0) {
                        receipts.add(new String[] {member, Integer.toString(seq)}); // twice
                    }
                }
            }
        }
        Collections.shuffle(receipts, random); // late ones after later ones
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String[]> mine = receipts.subList(t * receipts.size() / threads, (t + 1) * receipts.size() / threads);
                work.add(() -> {
                    for (String[] r : mine) {
                        counts.read(r[0], Long.parseLong(r[1]));
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        for (int seq = 1; seq <= messages; seq++) {
            String sender = members.get((seq - 1) % members.size());
            int s = seq;
            long expected = members.stream().filter(m -> !m.equals(sender) && highest.get(m) >= s).count();
            assertThat(counts.readBy(seq)).as("readers of message %d", seq).isEqualTo((int) expected);
        }
    }
}
