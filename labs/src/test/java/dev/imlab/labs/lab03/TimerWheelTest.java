package dev.imlab.labs.lab03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab03")
class TimerWheelTest {
    private final TimerWheel wheel = new TimerWheel(8);
    /** "name@tick" for every task run. */
    private final List<String> ran = new ArrayList<>();

    @Test
    void tick_runsATask_exactlyWhenItsDelayIsOver_andOnce() {
        wheel.schedule(task("a"), 3);

        ticks(2);
        assertThat(ran).isEmpty();
        ticks(1);
        assertThat(ran).containsExactly("a@3");
        ticks(20);
        assertThat(ran).containsExactly("a@3");
        assertThat(wheel.now()).isEqualTo(23);
    }

    @Test
    void tick_runsTasksOfLaterTurnsOfTheWheel_inTheirOwnTurn() {
        wheel.schedule(task("in-20"), 20); // slot 4, third turn
        wheel.schedule(task("in-8"), 8); // slot 0, second turn
        wheel.schedule(task("in-4"), 4); // slot 4, first turn

        ticks(30);

        assertThat(ran).containsExactly("in-4@4", "in-8@8", "in-20@20");
    }

    @Test
    void cancel_keepsATaskFromRunning_evenFromAnotherTaskOfTheSameTick() {
        TimerWheel.Timeout cancelled = wheel.schedule(task("cancelled"), 2);
        List<TimerWheel.Timeout> cancelledLate = new ArrayList<>();
        wheel.schedule(() -> cancelledLate.forEach(TimerWheel.Timeout::cancel), 5); // runs first: scheduled first
        cancelledLate.add(wheel.schedule(task("cancelled-late"), 5));
        wheel.schedule(task("kept"), 5);

        cancelled.cancel();
        ticks(10);

        assertThat(ran).containsExactly("kept@5");
    }

    @Test
    void aTaskScheduledWhileTicking_runsInALaterTick() {
        wheel.schedule(() -> {
            ran.add("first@" + wheel.now());
            wheel.schedule(task("a-turn-later"), 8); // the slot being visited right now
            wheel.schedule(task("next-tick"), 1);
        }, 1);

        ticks(12);

        assertThat(ran).containsExactly("first@1", "next-tick@2", "a-turn-later@9");
    }

    @Test
    void schedule_refusesADelayBelowOneTick() {
        wheel.schedule(task("fine"), 1);

        assertThatIllegalArgumentException().isThrownBy(() -> wheel.schedule(task("now"), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> wheel.schedule(task("past"), -5));
    }

    @Test
    void tick_runsEachOfThousandsOfTasks_atItsOwnTick() {
        Random random = new Random(3);
        Map<String, Long> due = new HashMap<>();
        Map<String, Long> when = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String name = "t" + i;
            long delay = 1 + random.nextInt(100);
            due.put(name, delay);
            wheel.schedule(() -> when.put(name, wheel.now()), delay);
        }

        ticks(101);

        assertThat(when).isEqualTo(due);
    }

    private Runnable task(String name) {
        return () -> ran.add(name + "@" + wheel.now());
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            wheel.tick();
        }
    }
}
