package dev.imlab.client.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * One cumulative cursor per conversation that the server keeps for this client, and the frames
 * that move it there: this device's {@code ack} cursor, or the user's {@code read} seq. Keeps the
 * highest seq reached here and sends it as one frame per conversation. Confined to the client's
 * loop thread.
 *
 * <p>Why coalesce: a busy group pushes many messages a second, and each frame is one the
 * gateway must parse and a cursor write the server must make. Gathering moves for
 * {@code delayMillis} sends one frame per conversation instead of one per message; the price is
 * that after a crash the last {@code delayMillis} of acks (messages delivered again) or reads
 * (a read state that lags) are lost.
 *
 * <p>Why one class for both: acks and reads are the same mechanism (cumulative, never back,
 * sent again when a {@code sync} shows the server behind, gathered while disconnected); only the
 * frame differs, so the {@link Writer} makes it.
 */
final class CursorTracker {

    /** Writes the frame that moves the server's cursor of {@code conversationId} to {@code seq}. */
    interface Writer {
        void write(String conversationId, long seq);
    }

    private static final class Cursor {
        /** The highest seq reached here (handled in order, or read). */
        long reached;
        /** The highest seq the server is believed to hold. */
        long sent;
        /** Send {@code reached} again even though it was sent: the server re-pushed an acked message. */
        boolean resend;
    }

    private final Scheduler scheduler;
    private final Writer writer;
    private final long delayMillis;
    private final Map<String, Cursor> cursors = new HashMap<>();
    private boolean flushScheduled;
    private boolean connected;

    CursorTracker(Scheduler scheduler, Writer writer, long delayMillis) {
        this.scheduler = scheduler;
        this.writer = writer;
        this.delayMillis = delayMillis;
    }

    /** The cursor moved here to {@code seq}; a lower seq than reached is ignored (a cursor never moves back). */
    void advance(String conversationId, long seq) {
        Cursor c = cursor(conversationId);
        if (seq > c.reached) {
            c.reached = seq;
            requestFlush();
        }
    }

    /** A push at or below the ack cursor came again: the server missed the ack, so send it again. */
    void duplicate(String conversationId) {
        Cursor c = cursor(conversationId);
        if (c.reached > 0) {
            c.resend = true;
            requestFlush();
        }
    }

    /** The server's cursor, from a {@code sync_result}: the truth about what it holds. */
    void serverCursor(String conversationId, long seq) {
        Cursor c = cursor(conversationId);
        c.reached = Math.max(c.reached, seq);
        c.sent = seq;
        if (c.reached > c.sent) {
            requestFlush(); // a frame was lost with the last connection
        }
    }

    /** The server moved its cursor to {@code seq} by itself (the user sent a message, or read on another device). */
    void serverMoved(String conversationId, long seq) {
        Cursor c = cursor(conversationId);
        c.reached = Math.max(c.reached, seq);
        c.sent = Math.max(c.sent, seq);
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
            if (c.reached > c.sent || c.resend) {
                writer.write(conversationId, c.reached);
                c.sent = c.reached;
                c.resend = false;
            }
        });
    }

    private Cursor cursor(String conversationId) {
        return cursors.computeIfAbsent(conversationId, id -> new Cursor());
    }
}
