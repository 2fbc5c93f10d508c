package dev.imlab.bench.peers;

import dev.imlab.testsupport.check.DeliveryChecker;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What one timed run counts, fed by the {@link Endpoint}s of every pair: the delivery checker
 * (one conversation per pair, the body's counter as its seq), latencies and totals.
 *
 * <p>The checker sees what the application would: after the protocol's own de-duplication where
 * the protocol has one (imlab's client drops a push whose seq it already has), and nothing
 * dropped where it has none (XMPP, MQTT QoS 1); so a repeat counts as a duplicate the app shows.
 */
final class PairRun {
    final int id;
    final int size;
    final boolean flatOut;
    final DeliveryChecker checker = DeliveryChecker.afterSdkDedupe();
    /** send to delivery, µs. */
    final Recorder endToEnd = new Recorder(3);
    /** send to the server's ack, µs. */
    final Recorder toAck = new Recorder(3);
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder delivered = new LongAdder();
    /** Deliveries of an earlier run's message: counted, never checked. */
    final LongAdder stray = new LongAdder();
    volatile boolean sending = true;

    PairRun(int id, int size, boolean flatOut) {
        this.id = id;
        this.size = size;
        this.flatOut = flatOut;
    }

    static String conversation(int pair) {
        return "pair-" + pair;
    }

    static String device(int pair) {
        return "receiver-" + pair;
    }

    private static String messageId(int pair, long counter) {
        return pair + "-" + counter;
    }

    void expect(int pair) {
        checker.member(device(pair), conversation(pair));
    }

    void acked(int pair, long counter, long sentAt) {
        checker.acked(conversation(pair), counter, messageId(pair, counter));
        acked.increment();
        toAck.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
    }

    void received(int pair, String body) {
        long now = System.nanoTime();
        if (Body.run(body) != id) {
            stray.increment();
            return;
        }
        long counter = Body.counter(body);
        if (checker.delivered(device(pair), conversation(pair), counter, messageId(pair, counter))) {
            delivered.increment();
            endToEnd.recordValue(Math.max(1, (now - Body.sendNanos(body)) / 1000));
        }
    }
}
