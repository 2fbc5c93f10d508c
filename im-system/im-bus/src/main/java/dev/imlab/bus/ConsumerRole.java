package dev.imlab.bus;

import java.util.List;

/**
 * A back-end role (transfer, push, confirm): its {@link ConsumerLoop}s (one, or several members of
 * the same group working on different partitions side by side), and what the role owns beside them,
 * closed after the loops stopped (the producer their batches hand on to, which must outlive them).
 */
public abstract class ConsumerRole implements AutoCloseable {
    private final List<ConsumerLoop> loops;
    private final List<AutoCloseable> owned;

    protected ConsumerRole(ConsumerLoop loop, AutoCloseable... owned) {
        this(List.of(loop), owned);
    }

    protected ConsumerRole(List<ConsumerLoop> loops, AutoCloseable... owned) {
        if (loops.isEmpty()) {
            throw new IllegalArgumentException("a role needs at least one consumer loop");
        }
        this.loops = List.copyOf(loops);
        this.owned = List.of(owned);
    }

    public final void start() {
        loops.forEach(ConsumerLoop::start);
    }

    /** True once every consumer has joined its group and owns partitions (or knows it owns none). */
    public final boolean ready() {
        return loops.stream().allMatch(ConsumerLoop::assigned);
    }

    /** Partitions of its topic this instance owns now: the share of the work the group gave it. */
    public final int partitions() {
        return loops.stream().mapToInt(ConsumerLoop::partitions).sum();
    }

    @Override
    public final void close() {
        // All at once: one by one, each leaving member would hand its partitions to the next for a moment.
        loops.forEach(ConsumerLoop::stop);
        loops.forEach(ConsumerLoop::close);
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + resource + " of " + getClass().getSimpleName(), e);
            }
        }
    }
}
