package dev.imlab.bench.peers;

import dev.imlab.bench.cluster.ProcessProbe;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.report.Progress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N users connect, authenticate and sit idle, at most {@code concurrency} handshakes at a time:
 * the connect rate, and the server process's RSS growth divided by the connections it holds.
 * The same for every system; what "connected" takes is each protocol's own handshake (imlab: a
 * WebSocket with a signed token; XMPP: WebSocket, SASL PLAIN, resource binding, stream
 * management; MQTT: CONNECT with a password, SUBSCRIBE to the user's topic).
 */
final class IdleConnections {
    private static final long CONNECT_LIMIT_MINUTES = 10;

    private IdleConnections() {
    }

    record Result(int asked, int open, int failed, double connectSeconds, long rssBefore, long rssAfter,
                  String firstFailure) {
        double connectsPerSecond() {
            return connectSeconds == 0 ? 0 : open / connectSeconds;
        }

        double rssKbPerConnection() {
            return open == 0 ? Double.NaN : (rssAfter - rssBefore) / 1024.0 / open;
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asked", asked);
            m.put("open", open);
            m.put("failed", failed);
            m.put("connectSeconds", connectSeconds);
            m.put("connectsPerSecond", connectsPerSecond());
            m.put("serverRssBeforeBytes", rssBefore);
            m.put("serverRssAfterBytes", rssAfter);
            m.put("rssKbPerConnection", rssKbPerConnection());
            m.put("firstFailure", firstFailure);
            return m;
        }
    }

    static Result run(PeerSystem system, ClientTransport transport, List<String> users, int concurrency, Duration settle)
            throws InterruptedException {
        Thread.sleep(settle.toMillis());
        system.settleMemory();
        long before = ProcessProbe.rssBytes(system.serverPid());
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ConcurrentLinkedQueue<ChatConnection> connections = new ConcurrentLinkedQueue<>();
        Progress progress = new Progress("idle connections, " + system.name());
        long start = System.nanoTime();
        try {
            for (String user : users) {
                if (!slots.tryAcquire(CONNECT_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                    break;
                }
                system.connect(transport, user, ChatListener.NONE)
                        .orTimeout(60, TimeUnit.SECONDS)
                        .whenComplete((c, e) -> {
                            if (e == null) {
                                connections.add(c);
                                open.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, String.valueOf(e));
                            }
                            slots.release();
                        });
                int done = open.get() + failed.get();
                if (done % 500 == 0) {
                    progress.show((double) done / users.size(), java.time.Duration.ofNanos(System.nanoTime() - start),
                            () -> open.get() + " open, " + failed.get() + " failed");
                }
            }
            slots.tryAcquire(concurrency, CONNECT_LIMIT_MINUTES, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.done();
            Thread.sleep(settle.toMillis());
            system.settleMemory();
            long after = ProcessProbe.rssBytes(system.serverPid());
            return new Result(users.size(), open.get(), failed.get(), seconds, before, after, firstFailure.get());
        } finally {
            connections.forEach(ChatConnection::close);
            Thread.sleep(settle.toMillis()); // let the server tear the sessions down before the message runs
        }
    }
}
