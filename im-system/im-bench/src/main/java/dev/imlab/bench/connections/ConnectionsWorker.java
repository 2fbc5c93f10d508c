package dev.imlab.bench.connections;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.wire.Tokens;
import dev.imlab.bench.wire.WsClient;
import dev.imlab.bench.wire.WsConnection;
import dev.imlab.bench.wire.WsListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client process of the connections scenario: opens {@code --count} authenticated, idle
 * connections from one source address, pings each every {@code --ping-ms}, and holds them until
 * its parent writes {@code stop} or closes stdin (or {@code --hold-max} passes). One process,
 * because each may hold at most 20,000 open files.
 *
 * <p>Talks to its parent on stdout: {@code progress <open> <failed>}, then {@code done <open>
 * <failed> <ms>}, then {@code open <n>} on request ({@code count}).
 */
public final class ConnectionsWorker {
    private ConnectionsWorker() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        List<URI> targets = new ArrayList<>();
        for (String t : o.string("targets", "").split(",")) {
            targets.add(URI.create(t));
        }
        boolean bare = o.flag("bare");
        Tokens tokens = bare ? null : new Tokens(o.string("secret", ""));
        String prefix = o.string("prefix", "c");
        int from = o.integer("from", 0);
        int count = o.integer("count", 100);
        String local = o.string("local", null);
        long ping = o.integer("ping-ms", 25_000);
        long holdMax = o.integer("hold-max-s", 3_600);
        Semaphore handshakes = new Semaphore(o.integer("concurrency", 256));
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<WsConnection> all = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        WsListener listener = new WsListener() {
            @Override
            public void onText(WsConnection c, String text) {
                // pongs; nothing else arrives on an idle connection
            }

            @Override
            public void onClose(WsConnection c) {
                open.decrementAndGet();
            }
        };
        long start = System.nanoTime();
        try (WsClient client = new WsClient(o.integer("threads", 2))) {
            for (int i = from; i < from + count; i++) {
                URI base = targets.get(i % targets.size());
                String user = prefix + i;
                URI uri = bare ? URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws?u=" + user)
                        : Tokens.wsUri(base, tokens.sign(user, "d"));
                if (!handshakes.tryAcquire(60, TimeUnit.SECONDS)) {
                    failed.incrementAndGet();
                    continue;
                }
                client.connect(uri, local, listener).whenComplete((c, e) -> {
                    handshakes.release();
                    if (e != null) {
                        if (failures.size() < 5) {
                            failures.add(String.valueOf(e));
                        }
                        failed.incrementAndGet();
                    } else {
                        open.incrementAndGet();
                        all.add(c);
                        c.keepAlive((long) (Math.random() * ping), ping);
                    }
                });
                if ((i - from) % 1000 == 0) {
                    System.out.println("progress " + open.get() + " " + failed.get());
                    System.out.flush();
                }
            }
            long wait = System.nanoTime() + 120_000_000_000L;
            while (open.get() + failed.get() < count && System.nanoTime() < wait) {
                Thread.sleep(100);
            }
            for (String f : failures) {
                System.out.println("failure " + f.replace('\n', ' '));
            }
            System.out.println("done " + open.get() + " " + failed.get() + " " + (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            long holdUntil = System.nanoTime() + holdMax * 1_000_000_000L;
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null && !line.equals("stop")) {
                        if (line.equals("count")) {
                            System.out.println("open " + open.get());
                            System.out.flush();
                        }
                    }
                } catch (Exception ignored) {
                    // parent gone: stop
                }
            }, "worker-stdin");
            reader.setDaemon(true);
            reader.start();
            while (reader.isAlive() && System.nanoTime() < holdUntil) {
                reader.join(500);
            }
            all.forEach(WsConnection::close);
        }
        System.exit(0);
    }
}
