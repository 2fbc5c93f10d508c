package dev.imlab.client.internal;

import dev.imlab.protocol.frame.ClientFrame;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps, per conversation, the highest seq the app has handled and sends it as one cumulative
 * {@code ack}. Confined to the client's loop thread.
 *
 * <p>Why coalesce: a busy group pushes many messages a second, and each ack is a frame the
 * gateway must parse and a cursor write the server must make. Gathering acks for
 * {@code delayMillis} sends one frame per conversation instead of one per message; the price is
 * that after a crash the last {@code delayMillis} of messages may be delivered again.
 */
final class AckTracker {

    private static final class Cursor {
        /** The highest seq handled (or skipped) in order. */
        long handled;
        /** The highest seq the server is believed to hold. */
        long sent;
        /** Send {@code handled} again even though it was sent: the server re-pushed an acked message. */
        boolean resend;
    }

    private final Scheduler scheduler;
    private final Consumer<ClientFrame.Ack> writer;
    private final long delayMillis;
    private final Map<String, Cursor> cursors = new HashMap<>();
    private boolean flushScheduled;
    private boolean connected;

    AckTracker(Scheduler scheduler, Consumer<ClientFrame.Ack> writer, long delayMillis) {
        this.scheduler = scheduler;
        this.writer = writer;
        this.delayMillis = delayMillis;
    }

    void handled(String conversationId, long seq) {
        Cursor c = cursor(conversationId);
        if (seq > c.handled) {
            c.handled = seq;
            requestFlush();
        }
    }

    void duplicate(String conversationId) {
        Cursor c = cursor(conversationId);
        if (c.handled > 0) {
            c.resend = true;
            requestFlush();
        }
    }

    /** The server's cursor, from a {@code sync_result}: the truth about what it holds. */
    void serverCursor(String conversationId, long ackedSeq) {
        Cursor c = cursor(conversationId);
        c.handled = Math.max(c.handled, ackedSeq);
        c.sent = ackedSeq;
        if (c.handled > c.sent) {
            requestFlush(); // an ack was lost with the last connection
        }
    }

    void connectionOpened() {
        connected = true;
        requestFlush();
    }

    void connectionLost() {
        connected = false;
    }

    private void requestFlush() {
        if (flushScheduled || !connected) {
            return;
        }
        if (delayMillis == 0) {
            flush();
        } else {
            flushScheduled = true;
            scheduler.schedule(this::flush, delayMillis);
        }
    }

    /** Sends what is gathered now, as {@code close()} does before the connection goes. */
    void flushNow() {
        flush();
    }

    private void flush() {
        flushScheduled = false;
        if (!connected) {
            return; // connectionOpened() flushes what is left
        }
        cursors.forEach((conversationId, c) -> {
            if (c.handled > c.sent || c.resend) {
                writer.accept(new ClientFrame.Ack(conversationId, c.handled));
                c.sent = c.handled;
                c.resend = false;
            }
        });
    }

    private Cursor cursor(String conversationId) {
        return cursors.computeIfAbsent(conversationId, id -> new Cursor());
    }
}
