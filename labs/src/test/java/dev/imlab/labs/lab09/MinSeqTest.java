package dev.imlab.labs.lab09;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab09")
class MinSeqTest {
    static final long TTL = 1_000;

    /** Messages sent at 0, 10, 20, ...: message n (seq n) expires at 10 (n - 1) + TTL. */
    static MemoryLog logOf(int messages) {
        MemoryLog log = new MemoryLog(TTL);
        for (int i = 0; i < messages; i++) {
            log.append(10L * i);
        }
        return log;
    }

    @Test
    void nothingExpired_isSeq1() {
        assertThat(MinSeq.of(logOf(50), 500)).isEqualTo(1);
    }

    @Test
    void theFirstUnexpiredSeq_aMessageExpiringAtNowIsExpired() {
        MemoryLog log = logOf(50);

        assertThat(MinSeq.of(log, TTL)).as("seq 1 expires at %d", TTL).isEqualTo(2);
        assertThat(MinSeq.of(log, TTL + 9)).isEqualTo(2);
        assertThat(MinSeq.of(log, TTL + 10)).isEqualTo(3);
        assertThat(MinSeq.of(log, TTL + 255)).isEqualTo(27);
    }

    @Test
    void everythingExpired_isMaxSeqPlusOne_notAGapAndNotSeq1() {
        assertThat(MinSeq.of(logOf(50), 1_000_000)).isEqualTo(51);
    }

    @Test
    void anEmptyConversation_isSeq1() {
        assertThat(MinSeq.of(new MemoryLog(TTL), 0)).isEqualTo(1);
    }

    @Test
    void deletedMessages_countAsExpired_andTheStoredBoundIsWhereTheSearchStarts() {
        MemoryLog log = logOf(50);
        log.delete(1, 19);
        log.raiseLowerBound(20);

        assertThat(MinSeq.of(log, 0)).as("nothing left below 20 can be pulled").isEqualTo(20);
        assertThat(MinSeq.of(log, TTL + 205)).isEqualTo(22);
    }

    @Test
    void aMissingMessageAboveTheBound_isExpiredToo() {
        MemoryLog log = logOf(50);
        log.delete(1, 9); // the reaper deleted these and died before it raised the bound

        assertThat(MinSeq.of(log, 0)).isEqualTo(10);
    }

    @Test
    void reads_growWithTheLogarithm_notWithTheConversation() {
        MemoryLog log = logOf(100_000);
        long before = log.probes();

        assertThat(MinSeq.of(log, TTL + 10L * 61_234)).as("seqs up to 61,235 expired").isEqualTo(61_236);
        assertThat(log.probes() - before).as("probes for 100,000 messages").isLessThanOrEqualTo(20);
    }

    @Test
    void minSeq_neverGoesBack_asTimePasses() {
        MemoryLog log = logOf(300);
        long previous = 0;
        for (long now = 0; now < TTL + 3_100; now += 37) {
            long minSeq = MinSeq.of(log, now);
            assertThat(minSeq).as("at %d", now).isGreaterThanOrEqualTo(previous).isBetween(1L, 301L);
            previous = minSeq;
        }
        assertThat(previous).isEqualTo(301);
    }
}
