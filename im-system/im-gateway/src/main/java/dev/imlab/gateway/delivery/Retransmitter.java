package dev.imlab.gateway.delivery;

import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Re-sends pushes a device has not acked: first after {@code firstDelay} (at least 1 s, PROTOCOL.md
 * rule 4), then after twice as long each time, at most {@code maxAttempts} times; it stops as soon as
 * the device acks the seq (acks are cumulative), reconnects or goes away.
 *
 * @implNote Strategy candidates: a scheduled task per message or per connection costs an executor
 *     queue entry and a wake-up each; a per-connection queue scanned by a sweeper costs a scan.
 *     Here every pending push is one entry on one shared timer wheel (Netty's
 *     {@code HashedWheelTimer}: O(1) to add, a tick thread for all of them), and its state is the
 *     session's per-conversation acked seq, which an ack updates in O(1) without touching the wheel.
 *     A firing entry just checks that seq and either drops out or re-sends and re-arms.
 */
public final class Retransmitter implements Retransmission {
    private final Timer wheel;
    private final long firstDelayMs;
    private final int maxAttempts;
    private final LongSupplier nanoClock;
    private final LongAdder waiting = new LongAdder();

    public Retransmitter(Timer wheel, Duration firstDelay, int maxAttempts) {
        this(wheel, firstDelay, maxAttempts, System::nanoTime);
    }

    /** With a clock of your own, for tests. */
    Retransmitter(Timer wheel, Duration firstDelay, int maxAttempts, LongSupplier nanoClock) {
        if (firstDelay.toMillis() < 1000) {
            throw new IllegalArgumentException("PROTOCOL.md rule 4: the first re-send comes no sooner than 1 s");
        }
        this.wheel = wheel;
        this.firstDelayMs = firstDelay.toMillis();
        this.maxAttempts = maxAttempts;
        this.nanoClock = nanoClock;
    }

    @Override
    public void pushed(Session session, Message message) {
        arm(session, message, 1, firstDelayMs);
    }

    @Override
    public void acked(Session session, String conversationId, long seq) {
        session.markAcked(conversationId, seq, nanoClock.getAsLong());
    }

    /** Pushes written and not yet acked, each waiting on the wheel for its next check. */
    @Override
    public long waiting() {
        return waiting.sum();
    }

    private void arm(Session session, Message message, int attempt, long delayMs) {
        waiting.increment();
        wheel.newTimeout(t -> session.channel().eventLoop().execute(() -> fire(session, message, attempt, delayMs)),
                delayMs, TimeUnit.MILLISECONDS);
    }

    private void fire(Session session, Message message, int attempt, long delayMs) {
        waiting.decrement();
        if (!session.channel().isActive() || session.ackedSeq(message.conversationId()) >= message.seq()) {
            return;
        }
        // A device that acked something within the last half delay is alive and working through
        // its backlog: a re-send now would only add to the backlog (under load, re-sends would
        // outnumber first sends). This attempt passes; a later one re-sends if the ack still lacks.
        boolean busyAcking = session.lastAckNanos() != 0
                && nanoClock.getAsLong() - session.lastAckNanos() < TimeUnit.MILLISECONDS.toNanos(delayMs / 2);
        if (session.channel().isWritable() && !busyAcking) { // unwritable: the device is not reading
            session.write(new ServerFrame.Push(message));
        }
        if (attempt < maxAttempts) {
            arm(session, message, attempt + 1, delayMs * 2);
        }
    }
}
