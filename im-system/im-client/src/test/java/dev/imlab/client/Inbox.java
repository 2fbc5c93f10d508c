package dev.imlab.client;

import dev.imlab.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects what {@code onMessage} delivers, so that a test can wait for it with a deadline. */
final class Inbox implements Consumer<Message> {
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    @Override
    public void accept(Message message) {
        messages.add(message);
    }

    /** The next {@code count} messages, in delivery order; fails after 5 s. */
    List<Message> take(int count) {
        List<Message> taken = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Message next = messages.poll(5, TimeUnit.SECONDS);
                if (next == null) {
                    throw new AssertionError("only " + taken.size() + " of " + count + " messages arrived: " + taken);
                }
                taken.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return taken;
    }

    /** Seqs of the next {@code count} messages. */
    List<Long> takeSeqs(int count) {
        return take(count).stream().map(Message::seq).toList();
    }

    List<Message> rest() {
        List<Message> rest = new ArrayList<>();
        messages.drainTo(rest);
        return rest;
    }
}
