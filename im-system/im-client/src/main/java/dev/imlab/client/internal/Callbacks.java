package dev.imlab.client.internal;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
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
 * counts as delivered, since the app had it in hand. A recall goes to {@code onRecalled} right
 * after {@code onMessage}, so the two never come apart, even while held. The state listeners
 * (unread, peer read, expiry, read receipts) are not held: they tell a current value, and a
 * late listener reads it from the client instead.
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
    private volatile ObjLongConsumer<String> onRecalled;
    private volatile ObjLongConsumer<String> onUnread;
    private volatile ObjLongConsumer<String> onPeerRead;
    private volatile ObjLongConsumer<String> onExpired;
    private volatile Consumer<ServerFrame.ReadReceipt> onReadReceipt;
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

    public void onRecalled(ObjLongConsumer<String> listener) {
        onRecalled = listener;
    }

    public void onUnread(ObjLongConsumer<String> listener) {
        onUnread = listener;
    }

    public void onPeerRead(ObjLongConsumer<String> listener) {
        onPeerRead = listener;
    }

    public void onExpired(ObjLongConsumer<String> listener) {
        onExpired = listener;
    }

    public void onReadReceipt(Consumer<ServerFrame.ReadReceipt> listener) {
        onReadReceipt = listener;
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

    void unread(String conversationId, long unread) {
        call(onUnread, conversationId, unread);
    }

    void peerRead(String conversationId, long seq) {
        call(onPeerRead, conversationId, seq);
    }

    void expired(String conversationId, long minSeq) {
        call(onExpired, conversationId, minSeq);
    }

    void readReceipt(ServerFrame.ReadReceipt receipt) {
        Consumer<ServerFrame.ReadReceipt> consumer = onReadReceipt;
        if (consumer != null) {
            execute(() -> guarded(() -> consumer.accept(receipt), receipt));
        }
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
                recalled(next.message());
            }
            held.poll();
            next.afterwards().run();
        }
    }

    /** On the delivery thread, right after {@code onMessage} had the recall. */
    private void recalled(Message message) {
        ObjLongConsumer<String> listener = onRecalled;
        if (listener != null && message.isRecall() && message.recalledSeq() > 0) {
            guarded(() -> listener.accept(message.conversationId(), message.recalledSeq()), message);
        }
    }

    private void call(ObjLongConsumer<String> listener, String conversationId, long value) {
        if (listener != null) {
            execute(() -> guarded(() -> listener.accept(conversationId, value), conversationId + " " + value));
        }
    }

    private static void guarded(Runnable callback, Object about) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("callback threw for {}", about, e);
        }
    }

    private <T> void call(Consumer<T> consumer, T value, String fallbackLog) {
        if (consumer == null) {
            log.warn(fallbackLog, value);
            return;
        }
        execute(() -> guarded(() -> consumer.accept(value), value));
    }

    private void execute(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("client closed; callback not run");
        }
    }
}
