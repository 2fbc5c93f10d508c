package dev.imlab.client.fake;

import dev.imlab.protocol.frame.ClientFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the fake server received, in order, with the connection (1, 2, ...) each frame came on.
 * Tests wait on it with a deadline instead of sleeping.
 */
public final class ReceivedFrames {
    static final Duration WAIT = Duration.ofSeconds(5);

    /** One frame, and the number of the connection it came on. */
    public record Received(int connection, ClientFrame frame) {
    }

    private final List<Received> frames = new ArrayList<>();
    /** Indexes into {@code frames}: two equal frames (a re-send) are still two frames. */
    private final Set<Integer> taken = new HashSet<>();

    synchronized void add(int connection, ClientFrame frame) {
        frames.add(new Received(connection, frame));
        notifyAll();
    }

    /** The first frame of {@code type} that no earlier {@code await} returned, waiting for it if need be. */
    public <T extends ClientFrame> T await(Class<T> type) {
        return await(type, frame -> true);
    }

    public synchronized <T extends ClientFrame> T await(Class<T> type, Predicate<T> match) {
        return type.cast(await(type, r -> match.test(type.cast(r.frame())), "").frame());
    }

    /** Like {@link #await(Class)}, for the frames that came on connection number {@code connection}. */
    public synchronized <T extends ClientFrame> T awaitOn(int connection, Class<T> type) {
        return type.cast(await(type, r -> r.connection() == connection, " on connection " + connection).frame());
    }

    private <T extends ClientFrame> Received await(Class<T> type, Predicate<Received> match, String where) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (int i = 0; i < frames.size(); i++) {
                Received r = frames.get(i);
                if (type.isInstance(r.frame()) && !taken.contains(i) && match.test(r)) {
                    taken.add(i);
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " frame arrived" + where + " within " + WAIT
                        + "; got " + frames);
            }
            try {
                wait(left / 1_000_000 + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Every frame of {@code type} received so far, taken or not. */
    public synchronized <T extends ClientFrame> List<T> all(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (Received r : frames) {
            if (type.isInstance(r.frame())) {
                result.add(type.cast(r.frame()));
            }
        }
        return result;
    }
}
