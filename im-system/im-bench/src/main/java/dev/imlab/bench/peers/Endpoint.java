package dev.imlab.bench.peers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of a pair: its connection and what the load generator keeps about it. A sender
 * numbers its messages 1, 2, 3, ... per run and remembers when each went out until the server
 * acks it; flat out, each ack sends the next message (a window of unacked messages per sender).
 */
final class Endpoint implements ChatListener {
    final int pair;
    final String user;
    /** Whom a sender writes to; null for a receiver. */
    final String peer;
    private final AtomicLong counter = new AtomicLong();
    /** counter to send time (ns), until acked. */
    private final Map<Long, Long> unacked = new ConcurrentHashMap<>();
    private volatile ChatConnection connection;
    private volatile PairRun run;

    Endpoint(int pair, String user, String peer) {
        this.pair = pair;
        this.user = user;
        this.peer = peer;
    }

    void attach(ChatConnection c) {
        this.connection = c;
    }

    ChatConnection connection() {
        return connection;
    }

    /** A new run: counting starts again at 1 (the previous run was drained). */
    void begin(PairRun r) {
        unacked.clear();
        counter.set(0);
        this.run = r;
    }

    int unacked() {
        return unacked.size();
    }

    /** Numbers the message on the connection's event loop, so that the numbers leave in order. */
    void send() {
        connection.execute(this::sendNow);
    }

    private void sendNow() {
        PairRun r = run;
        long c = counter.incrementAndGet();
        long now = System.nanoTime();
        unacked.put(c, now);
        r.sent.increment();
        connection.send(peer, c, Body.of(r.id, c, now, r.size));
    }

    @Override
    public void acked(long c) {
        Long sentAt = unacked.remove(c);
        PairRun r = run;
        if (sentAt == null || r == null) {
            return; // an ack of a message this run did not send, or a second ack of one
        }
        r.acked(pair, c, sentAt);
        if (r.flatOut && r.sending) {
            sendNow(); // on the event loop already: acks arrive there
        }
    }

    @Override
    public void received(String body) {
        PairRun r = run;
        if (r != null) {
            r.received(pair, body);
        }
    }
}
