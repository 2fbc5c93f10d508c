package dev.imlab.bench.soak;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Group members whose app stopped reading (a phone in a tunnel): each opens a WebSocket with a
 * small receive buffer, then never reads, pinging now and then so that its closing is seen. When
 * the server closes it (a device that cannot keep up is closed, to sync later), it connects again.
 */
final class SlowReaders implements AutoCloseable {
    private final URI base;
    private final List<String> users;
    private final Function<String, String> tokenOf;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    final LongAdder connects = new LongAdder();
    final LongAdder closedByServer = new LongAdder();

    SlowReaders(URI base, List<String> users, Function<String, String> tokenOf) {
        this.base = base;
        this.users = users;
        this.tokenOf = tokenOf;
    }

    void start() {
        for (String user : users) {
            Thread t = new Thread(() -> readNothing(user), "soak-slow-" + user);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void readNothing(String user) {
        while (running) {
            try (Socket s = RawSockets.open(base, "127.0.0.1", 4096)) {
                s.getOutputStream().write(RawSockets.upgradeRequest(base, tokenOf.apply(user), true));
                if (RawSockets.readStatus(s.getInputStream()) != 101) {
                    pause(1_000);
                    continue;
                }
                connects.increment();
                while (running) {
                    pause(2_000);
                    RawSockets.writeFrame(s.getOutputStream(), 9, new byte[0]); // fails once the server closed it
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    closedByServer.increment();
                    pause(1_000);
                }
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
