package dev.imlab.labs.lab03;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A network link in miniature, one way: each frame is lost, delivered once, or delivered twice,
 * each copy after its own random delay, so copies overtake each other. Time is ticks, moved by
 * hand; the randomness is seeded, so a run repeats exactly.
 */
final class LossyLink<T> {

    private record InFlight<T>(long due, long order, T frame) {
    }

    private final Random random;
    private final double loss;
    private final double duplication;
    private final int maxDelayTicks;
    private final Consumer<T> receiver;
    private final PriorityQueue<InFlight<T>> inFlight = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now;
    private long sent;

    LossyLink(Random random, double loss, double duplication, int maxDelayTicks, Consumer<T> receiver) {
        this.random = random;
        this.loss = loss;
        this.duplication = duplication;
        this.maxDelayTicks = maxDelayTicks;
        this.receiver = receiver;
    }

    void send(T frame) {
        if (random.nextDouble() < loss) {
            return;
        }
        int copies = random.nextDouble() < duplication ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            inFlight.add(new InFlight<>(now + 1 + random.nextInt(maxDelayTicks), sent++, frame));
        }
    }

    /** Moves time on by one tick and delivers what arrives then. */
    void tick() {
        now++;
        while (!inFlight.isEmpty() && inFlight.peek().due <= now) {
            receiver.accept(inFlight.poll().frame);
        }
    }

    boolean idle() {
        return inFlight.isEmpty();
    }
}
