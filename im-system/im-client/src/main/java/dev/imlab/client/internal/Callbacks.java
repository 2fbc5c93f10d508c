package dev.imlab.client.internal;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the app's callbacks, all of them on one delivery thread, in the order the loop handed
 * them over: callbacks never overlap, and messages of a conversation arrive in seq order.
 *
 * <p>Why not the loop thread: an app that blocks in {@code onMessage} (a database write, a
 * {@code send(...).join()}) would then stall pings, acks and every other conversation.
 *
 * <p>Messages that arrive while no {@code onMessage} consumer is registered are held, not
 * dropped, and handed over once one is. A consumer that throws is logged; the message still
 * counts as delivered, since the app had it in hand.
 */
public final class Callbacks {
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private record Held(Message message, Runnable afterwards) {
    }

    private final ExecutorService delivery;
    private volatile Consumer<Message> onMessage;
    private volatile Consumer<String> onKicked;
    private volatile Consumer<ServerFrame.Error> onError;
    private volatile Consumer<String> onRawFrame;
    /** Confined to the delivery thread. */
    private final Deque<Held> held = new ArrayDeque<>();

    public Callbacks(ExecutorService delivery) {
        this.delivery = delivery;
    }

    public void onMessage(Consumer<Message> consumer) {
        onMessage = consumer;
        execute(this::drainHeld);
    }

    public void onKicked(Consumer<String> consumer) {
        onKicked = consumer;
    }

    public void onError(Consumer<ServerFrame.Error> consumer) {
        onError = consumer;
    }

    public void onRawFrame(Consumer<String> consumer) {
        onRawFrame = consumer;
    }

    /** Hands {@code message} to the app, then runs {@code afterwards} (on the delivery thread). */
    void message(Message message, Runnable afterwards) {
        execute(() -> {
            held.add(new Held(message, afterwards));
            drainHeld();
        });
    }

    /** Runs {@code task} after everything handed over before it was delivered. */
    void afterDelivered(Runnable task) {
        message(null, task);
    }

    void kicked(String reason) {
        call(onKicked, reason, "kicked: {}");
    }

    void error(ServerFrame.Error error) {
        call(onError, error, "error not tied to a request (register onError to handle it): {}");
    }

    void rawFrame(String text) {
        Consumer<String> consumer = onRawFrame;
        if (consumer != null) {
            execute(() -> consumer.accept(text));
        }
    }

    /** Lets the delivery thread finish what it was handed, then stop. */
    void shutdown() {
        delivery.shutdown();
    }

    private void drainHeld() {
        while (!held.isEmpty()) {
            Held next = held.peek();
            Consumer<Message> consumer = onMessage;
            if (next.message() != null) {
                if (consumer == null) {
                    return; // keep it until the app registers onMessage
                }
                try {
                    consumer.accept(next.message());
                } catch (RuntimeException e) {
                    log.error("onMessage threw for {} seq {}", next.message().conversationId(), next.message().seq(), e);
                }
            }
            held.poll();
            next.afterwards().run();
        }
    }

    private <T> void call(Consumer<T> consumer, T value, String fallbackLog) {
        if (consumer == null) {
            log.warn(fallbackLog, value);
            return;
        }
        execute(() -> {
            try {
                consumer.accept(value);
            } catch (RuntimeException e) {
                log.error("callback threw for {}", value, e);
            }
        });
    }

    private void execute(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("client closed; callback not run");
        }
    }
}
