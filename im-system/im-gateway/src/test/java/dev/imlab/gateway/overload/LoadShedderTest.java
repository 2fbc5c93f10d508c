package dev.imlab.gateway.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.protocol.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadShedderTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong lag = new AtomicLong();
    private final PendingSends pending = new PendingSends(nanos::get);

    private LoadShedder shedder(int pendingHigh, int pendingLow, long lagHigh, long lagLow) {
        return new LoadShedder(new ShedSettings(true, pendingHigh, pendingLow, lagHigh, lagLow, Duration.ofSeconds(30)),
                pending, lag::get);
    }

    private void handOn(int from, int to) {
        for (int i = from; i < to; i++) {
            pending.handedOn("alice", "m" + i);
        }
    }

    private void answer(int from, int to) {
        for (int i = from; i < to; i++) {
            pending.answered("alice", "m" + i);
        }
    }

    @Test
    void refuses_onceThePendingSendsReachTheHighMark_andCountsEachRefusal() {
        LoadShedder shedder = shedder(10, 4, 0, 0);
        handOn(0, 9);
        assertThat(shedder.refuse()).isFalse();

        handOn(9, 10);
        assertThat(shedder.refuse()).isTrue();
        assertThat(shedder.refuse()).isTrue();

        assertThat(shedder.shedding()).isTrue();
        assertThat(shedder.sheds()).isEqualTo(2);
        assertThat(shedder.refusal().code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void keepsShedding_untilThePendingSendsAreDownToTheLowMark_notJustBelowTheHighOne() {
        LoadShedder shedder = shedder(10, 4, 0, 0);
        handOn(0, 10);
        assertThat(shedder.refuse()).isTrue();

        answer(0, 5); // 5 left: below the high mark, above the low one
        assertThat(shedder.refuse()).as("hysteresis: 5 pending is above the low mark 4").isTrue();

        answer(5, 6); // 4 left
        assertThat(shedder.refuse()).isFalse();
        assertThat(shedder.shedding()).isFalse();
        assertThat(shedder.sheds()).isEqualTo(2);
    }

    @Test
    void aRepeatedClientMsgId_isOnePendingSend_andItsSecondAnswerClearsNothing() {
        pending.handedOn("alice", "m1");
        pending.handedOn("alice", "m1");
        pending.handedOn("bob", "m1");
        assertThat(pending.count()).isEqualTo(2);

        pending.answered("alice", "m1");
        pending.answered("alice", "m1");
        assertThat(pending.count()).isEqualTo(1);
    }

    @Test
    void shedsOnTheTransfersLag_readAtTheTick_andStopsWhenItIsDownToTheLowMark() {
        LoadShedder shedder = shedder(1_000, 500, 100, 20);
        lag.set(150);
        assertThat(shedder.refuse()).as("the lag is read by tick, not per send").isFalse();

        shedder.tick();
        assertThat(shedder.shedding()).isTrue();
        assertThat(shedder.refuse()).isTrue();

        lag.set(50);
        shedder.tick();
        assertThat(shedder.refuse()).as("50 is above the low mark 20").isTrue();

        lag.set(20);
        shedder.tick();
        assertThat(shedder.shedding()).as("a tick alone stops it, with no send coming").isFalse();
        assertThat(shedder.refuse()).isFalse();
    }

    @Test
    void stopsOnlyWhenBothSignalsAreDown() {
        LoadShedder shedder = shedder(10, 4, 100, 20);
        handOn(0, 10);
        lag.set(500);
        shedder.tick();
        assertThat(shedder.shedding()).isTrue();

        answer(0, 10);
        shedder.tick();
        assertThat(shedder.shedding()).as("no send pending, but the transfer is still 500 behind").isTrue();

        lag.set(0);
        shedder.tick();
        assertThat(shedder.shedding()).isFalse();
    }

    @Test
    void forgetsSendsWhoseAnswerNeverCame_soTheyDoNotHoldSheddingOn() {
        LoadShedder shedder = shedder(10, 4, 0, 0);
        handOn(0, 10);
        assertThat(shedder.refuse()).isTrue();

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        handOn(10, 12); // younger
        shedder.tick();
        assertThat(shedder.pendingSends()).isEqualTo(12);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // the first ten are 31 s old, the last two 2 s
        shedder.tick();
        assertThat(shedder.pendingSends()).isEqualTo(2);
        assertThat(shedder.shedding()).isFalse();
    }

    @Test
    void neverRefuses_whenDisabled() {
        LoadShedder shedder = new LoadShedder(new ShedSettings(false, 1, 0, 1, 0, Duration.ofSeconds(30)), pending,
                lag::get);
        handOn(0, 100);
        lag.set(1_000);
        shedder.tick();

        assertThat(shedder.refuse()).isFalse();
        assertThat(shedder.shedding()).isFalse();
        assertThat(shedder.sheds()).isZero();
    }

    @Test
    void settings_refuseMarksThatCannotStop() {
        assertThatThrownBy(() -> new ShedSettings(true, 10, 10, 0, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low 10, high 10");
        assertThatThrownBy(() -> new ShedSettings(true, 10, 5, 100, 200, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low 200, high 100");
    }
}
