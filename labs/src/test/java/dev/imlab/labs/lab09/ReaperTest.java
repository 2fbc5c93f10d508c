package dev.imlab.labs.lab09;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab09")
class ReaperTest {
    static final long TTL = MinSeqTest.TTL;

    @Test
    void deletesExactlyTheExpiredPrefix_andRaisesTheBound() {
        MemoryLog log = MinSeqTest.logOf(250);
        long now = TTL + 10L * 129; // seqs 1..130 expired

        assertThat(Reaper.reap(log, now, 50)).isEqualTo(130);

        assertThat(log.stored()).isEqualTo(120);
        assertThat(log.lowerBound()).isEqualTo(131);
        assertThat(log.expireAt(131)).isPresent();
        assertThat(log.expireAt(130)).isEmpty();
    }

    @Test
    void aSecondPass_deletesNothing_andReadsAreTheSameBeforeAndAfter() {
        MemoryLog log = MinSeqTest.logOf(250);
        long now = TTL + 10L * 199;
        long before = MinSeq.of(log, now);

        Reaper.reap(log, now, 64);

        assertThat(Reaper.reap(log, now, 64)).isZero();
        assertThat(MinSeq.of(log, now)).isEqualTo(before).isEqualTo(201);
    }

    @Test
    void nothingExpired_nothingDeleted() {
        MemoryLog log = MinSeqTest.logOf(20);

        assertThat(Reaper.reap(log, 0, 5)).isZero();
        assertThat(log.stored()).isEqualTo(20);
        assertThat(log.lowerBound()).isEqualTo(1);
    }

    @Test
    void afterEverythingExpired_theNextMessage_getsTheNextSeq_notANumberReused() {
        MemoryLog log = MinSeqTest.logOf(30);
        long now = 1_000_000;

        assertThat(Reaper.reap(log, now, 7)).isEqualTo(30);
        assertThat(MinSeq.of(log, now)).isEqualTo(31);

        assertThat(log.append(now)).isEqualTo(31);
        assertThat(MinSeq.of(log, now)).isEqualTo(31);
        assertThat(ExpiryRules.unread(log.maxSeq(), 0, MinSeq.of(log, now))).isEqualTo(1);
    }
}
