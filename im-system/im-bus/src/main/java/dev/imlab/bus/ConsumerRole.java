package dev.imlab.bus;

import java.util.List;

/**
 * A back-end role (transfer, push, confirm): one {@link ConsumerLoop}, and what the role owns beside
 * it, closed after the loop stopped (the producer its batches hand on to, which must outlive them).
 */
public abstract class ConsumerRole implements AutoCloseable {
    private final ConsumerLoop loop;
    private final List<AutoCloseable> owned;

    protected ConsumerRole(ConsumerLoop loop, AutoCloseable... owned) {
        this.loop = loop;
        this.owned = List.of(owned);
    }

    public final void start() {
        loop.start();
    }

    /** True once the consumer has joined its group and owns partitions (or knows it owns none). */
    public final boolean ready() {
        return loop.assigned();
    }

    /** Partitions of its topic this instance owns now: the share of the work the group gave it. */
    public final int partitions() {
        return loop.partitions();
    }

    @Override
    public final void close() {
        loop.close();
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + resource + " of " + getClass().getSimpleName(), e);
            }
        }
    }
}
