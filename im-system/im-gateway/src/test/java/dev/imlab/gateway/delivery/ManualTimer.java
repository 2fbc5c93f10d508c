package dev.imlab.gateway.delivery;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A timer wheel that only moves when the test says so: no sleeping, no flakiness. */
final class ManualTimer implements Timer {
    record Scheduled(TimerTask task, long delayMs) {
    }

    final List<Scheduled> pending = new ArrayList<>();

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        pending.add(new Scheduled(task, unit.toMillis(delay)));
        return null;
    }

    /** Fires everything scheduled so far; returns the delays they were scheduled with. */
    List<Long> fireAll() throws Exception {
        List<Scheduled> due = new ArrayList<>(pending);
        pending.clear();
        List<Long> delays = new ArrayList<>();
        for (Scheduled s : due) {
            delays.add(s.delayMs());
            s.task().run(null);
        }
        return delays;
    }

    @Override
    public Set<Timeout> stop() {
        return Set.of();
    }
}
