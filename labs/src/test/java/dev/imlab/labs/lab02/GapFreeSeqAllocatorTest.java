package dev.imlab.labs.lab02;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The allocator against a store that outlives it. "A crash" is a new allocator over the same store:
 * everything the old one kept in memory is gone, everything stored stays.
 */
@Tag("lab02")
class GapFreeSeqAllocatorTest {
    private static final String CHAT = "si_alice_bob";
    private static final String GROUP = "sg_g1";

    private final InMemorySeqStore store = new InMemorySeqStore();

    @Test
    void next_startsAtOne_andCountsUpByOne_perConversation() {
        GapFreeSeqAllocator seqs = new GapFreeSeqAllocator(store);

        assertThat(List.of(seqs.next(CHAT), seqs.next(CHAT), seqs.next(CHAT))).containsExactly(1L, 2L, 3L);
        assertThat(seqs.next(GROUP)).isEqualTo(1);
        assertThat(seqs.next(CHAT)).isEqualTo(4);
    }

    @Test
    void next_afterARestart_continuesAfterTheStoredMessages() {
        store.storeAll(CHAT, 1, 5);
        store.record(CHAT, 5);

        assertThat(new GapFreeSeqAllocator(store).next(CHAT)).isEqualTo(6);
    }

    @Test
    void next_afterACrashBeforeTheMaxWasRecorded_continuesAfterTheMessages_andRepairsTheRecord() {
        store.storeAll(CHAT, 1, 7);
        store.record(CHAT, 4); // the crash came after storing 5..7, before recording them

        assertThat(new GapFreeSeqAllocator(store).next(CHAT)).as("4 + 1 would be a second seq 5").isEqualTo(8);
        assertThat(store.recordedMaxSeq(CHAT)).as("recorded max after the recovery").isEqualTo(7);
    }

    @Test
    void next_afterACrashBeforeTheMessageWasStored_handsOutTheSameSeqAgain() {
        GapFreeSeqAllocator beforeCrash = new GapFreeSeqAllocator(store);
        for (int i = 0; i < 3; i++) {
            store.store(CHAT, beforeCrash.next(CHAT));
        }
        store.record(CHAT, 3);
        assertThat(beforeCrash.next(CHAT)).isEqualTo(4); // handed out; the crash comes before it is stored

        assertThat(new GapFreeSeqAllocator(store).next(CHAT)).as("5 would leave 4 a gap forever").isEqualTo(4);
    }

    @Test
    void recover_repairsTheRecordBeforeAnySeqIsHandedOut_once() {
        store.storeAll(CHAT, 1, 3);
        store.record(CHAT, 1);
        GapFreeSeqAllocator seqs = new GapFreeSeqAllocator(store);

        seqs.recover(CHAT);
        assertThat(store.recordedMaxSeq(CHAT)).as("recorded max after recover").isEqualTo(3);
        int reads = store.reads();
        seqs.recover(CHAT);

        assertThat(store.reads()).as("store reads of a second recover").isEqualTo(reads);
        assertThat(seqs.next(CHAT)).isEqualTo(4);
    }

    @Test
    void next_findsMessagesFarBeyondTheRecordedMax_aPageAtATime() {
        store.storeAll(CHAT, 1, 2_000);
        store.record(CHAT, 100);

        assertThat(new GapFreeSeqAllocator(store).next(CHAT)).isEqualTo(2_001);
    }

    @Test
    void next_readsTheStoreOnlyTheFirstTime_thenCountsInMemory() {
        store.storeAll(CHAT, 1, 10);
        store.record(CHAT, 10);
        GapFreeSeqAllocator seqs = new GapFreeSeqAllocator(store);
        seqs.next(CHAT);
        int readsForTheFirst = store.reads();

        for (int i = 0; i < 1_000; i++) {
            seqs.next(CHAT);
        }

        assertThat(readsForTheFirst).as("store reads for the first seq").isPositive();
        assertThat(store.reads()).as("store reads after 1,000 more seqs").isEqualTo(readsForTheFirst);
    }

    @Test
    void reset_forgetsWhatWasCounted_soTheNextSeqComesFromTheStore() {
        GapFreeSeqAllocator seqs = new GapFreeSeqAllocator(store);
        for (int i = 0; i < 3; i++) {
            store.store(CHAT, seqs.next(CHAT));
        }
        // A rebalance: another transfer owned the partition for a while and stored 4..6.
        store.storeAll(CHAT, 4, 6);
        store.record(CHAT, 6);

        seqs.reset();

        assertThat(seqs.next(CHAT)).isEqualTo(7);
    }

    /**
     * The transfer's loop with crashes at random points: a batch of sends is numbered, then stored
     * as far as the crash lets it (a prefix: inserts are ordered), then the max is recorded. Sends
     * that were not stored come again (Kafka redelivers what was not committed) and are numbered
     * again. Seeded, so that a failure repeats.
     */
    @Test
    void crashesAtRandomPoints_neverLeaveAGapOrADuplicate() {
        Random random = new Random(42);
        List<String> conversations = List.of(CHAT, GROUP, "si_bob_carol");
        Deque<String> pending = new ArrayDeque<>();
        for (int i = 0; i < 3_000; i++) {
            pending.add(conversations.get(random.nextInt(conversations.size())));
        }
        GapFreeSeqAllocator seqs = new GapFreeSeqAllocator(store);
        int crashes = 0;
        while (!pending.isEmpty()) {
            List<String> batch = new ArrayList<>();
            while (batch.size() < 1 + random.nextInt(8) && !pending.isEmpty()) {
                batch.add(pending.poll());
            }
            List<Long> numbered = new ArrayList<>();
            for (String conversation : batch) {
                numbered.add(seqs.next(conversation));
            }
            int storedBeforeCrash = random.nextInt(10) == 0 ? random.nextInt(batch.size() + 1) : batch.size();
            for (int i = 0; i < storedBeforeCrash; i++) {
                store.store(batch.get(i), numbered.get(i)); // throws on a duplicate seq
            }
            if (storedBeforeCrash < batch.size() || random.nextInt(10) == 0) {
                for (int i = batch.size() - 1; i >= storedBeforeCrash; i--) {
                    pending.addFirst(batch.get(i));
                }
                seqs = random.nextBoolean() ? new GapFreeSeqAllocator(store) : resetAndReturn(seqs);
                crashes++;
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                store.record(batch.get(i), numbered.get(i));
            }
        }

        assertThat(crashes).as("crashes simulated").isGreaterThan(100);
        assertThat(conversations.stream().mapToInt(c -> store.stored(c).size()).sum()).as("messages stored").isEqualTo(3_000);
        for (String conversation : conversations) {
            List<Long> stored = new ArrayList<>(store.stored(conversation));
            assertThat(stored).as("stored seqs of %s", conversation)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, stored.size()).boxed().collect(Collectors.toList()));
        }
    }

    private static GapFreeSeqAllocator resetAndReturn(GapFreeSeqAllocator seqs) {
        seqs.reset();
        return seqs;
    }
}
