package dev.imlab.labs.lab03;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Time is the wheel's ticks: nothing here waits for a clock. */
@Tag("lab03")
class AckTrackerTest {
    private static final Send HELLO = new Send("alice", "m1", "hello");
    private static final Send AGAIN = new Send("alice", "m2", "again");

    private final TimerWheel wheel = new TimerWheel(16);
    /** "clientMsgId@tick" of each re-send and give-up. */
    private final List<String> resent = new ArrayList<>();
    private final List<String> gaveUp = new ArrayList<>();
    private final AckTracker tracker = new AckTracker(wheel, 10, 3,
            send -> resent.add(send.clientMsgId() + "@" + wheel.now()),
            send -> gaveUp.add(send.clientMsgId() + "@" + wheel.now()));

    @Test
    void resends_afterTheFirstDelay_thenEachTimeTwiceAsLongAfter() {
        tracker.sent(HELLO);

        ticks(149);

        assertThat(resent).containsExactly("m1@10", "m1@30", "m1@70");
        assertThat(gaveUp).isEmpty();
        assertThat(tracker.pending()).isEqualTo(1);
    }

    @Test
    void givesUp_oneDelayAfterTheLastResend_andForgetsTheSend() {
        tracker.sent(HELLO);

        ticks(400);

        assertThat(gaveUp).containsExactly("m1@150");
        assertThat(resent).hasSize(3);
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void anAck_stopsTheResends() {
        tracker.sent(HELLO);
        ticks(15);

        tracker.acked("m1");
        ticks(400);

        assertThat(resent).containsExactly("m1@10");
        assertThat(gaveUp).isEmpty();
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void eachSend_hasItsOwnClock() {
        tracker.sent(HELLO);
        ticks(5);
        tracker.sent(AGAIN);

        ticks(30);

        assertThat(resent).containsExactly("m1@10", "m2@15", "m1@30", "m2@35");
    }

    @Test
    void repeatedSends_andUnknownOrRepeatedAcks_areHarmless() {
        tracker.sent(HELLO);
        tracker.sent(HELLO);
        assertThat(tracker.pending()).isEqualTo(1);

        tracker.acked("no-such-id");
        tracker.acked("m1");
        tracker.acked("m1");
        ticks(400);

        assertThat(resent).isEmpty();
        assertThat(tracker.pending()).isZero();
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            wheel.tick();
        }
    }
}
