package dev.imlab.bench.peers;

import dev.imlab.bench.peers.internal.ClientTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A messaging "server" in memory, one thread standing in for every event loop, that acks every
 * message and delivers it, except that it can be told to lose, duplicate or hold back chosen
 * messages of the first pair: what the checker must then find.
 */
final class FakeSystem implements PeerSystem {
    /** What happens to the message with this counter sent to the receiver of pair 0. */
    enum Fault { LOSE, DUPLICATE, HOLD_UNTIL_NEXT }

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-event-loop");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ChatListener> online = new ConcurrentHashMap<>();
    private final Map<Long, Fault> faults;
    private final String faultyReceiver;
    private String held;

    FakeSystem(String faultyReceiver, Map<Long, Fault> faults) {
        this.faultyReceiver = faultyReceiver;
        this.faults = faults;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String missing() {
        return null;
    }

    @Override
    public void start(Path dir, Users users) {
    }

    @Override
    public long serverPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public Map<String, Object> setup() {
        return Map.of("protocol", "in memory");
    }

    @Override
    public Promise promise() {
        return new Promise("whatever it is told", List.of("loses, duplicates or reorders what the test asks"));
    }

    @Override
    public CompletableFuture<ChatConnection> connect(ClientTransport transport, String user, ChatListener listener) {
        online.put(user, listener);
        return CompletableFuture.completedFuture(new ChatConnection() {
            @Override
            public void send(String toUser, long counter, String body) {
                loop.execute(() -> route(toUser, counter, body, listener));
            }

            @Override
            public void execute(Runnable task) {
                loop.execute(task);
            }

            @Override
            public void close() {
                online.remove(user);
            }
        });
    }

    private void route(String to, long counter, String body, ChatListener sender) {
        ChatListener receiver = online.get(to);
        Fault fault = to.equals(faultyReceiver) ? faults.get(counter) : null;
        sender.acked(counter);
        if (fault == Fault.LOSE) {
            return;
        }
        if (fault == Fault.HOLD_UNTIL_NEXT) {
            held = body;
            return;
        }
        receiver.received(body);
        if (fault == Fault.DUPLICATE) {
            receiver.received(body);
        }
        if (held != null && to.equals(faultyReceiver)) {
            receiver.received(held);
            held = null;
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
