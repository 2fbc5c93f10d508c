package dev.imlab.server.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny TCP load balancer in front of the gateways, as a real deployment would have: each new
 * connection goes to the next backend that accepts it, so clients of a stopped gateway reconnect
 * to the proxy's one address and land on another gateway. Health-checked ({@link #healthChecked}),
 * it also skips a backend whose {@code /api/v1/health} is not 200, as HAProxy does, so a draining
 * gateway gets no new connections; and it notes when each connection came, to count connects per second.
 */
public final class TcpProxy implements AutoCloseable {
    /** How often a health-checked proxy asks each backend, like HAProxy's {@code inter}. */
    static final Duration HEALTH_EVERY = Duration.ofMillis(200);

    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    /** Health checks in a row that got no answer, per backend: two mark it down (HAProxy's {@code fall}). */
    private final Map<Integer, Integer> unanswered = new ConcurrentHashMap<>();
    private final Queue<Long> acceptedAtNanos = new ConcurrentLinkedQueue<>();
    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /** A proxy that routes only to backends whose {@code /api/v1/health} answered 200 last time it asked. */
    public static TcpProxy healthChecked(List<Integer> backendPorts) throws IOException {
        TcpProxy proxy = new TcpProxy(backendPorts);
        proxy.down.addAll(backendPorts); // until the first check says otherwise
        Thread checker = new Thread(proxy::checkHealth, "proxy-health");
        checker.setDaemon(true);
        checker.start();
        return proxy;
    }

    TcpProxy(List<Integer> backendPorts) throws IOException {
        this.backendPorts = backendPorts;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Backends a new connection may go to now: all, or (health-checked) those whose last check said 200. */
    public int backendsUp() {
        return (int) backendPorts.stream().filter(p -> !down.contains(p)).count();
    }

    /** When each client connection arrived, on {@link System#nanoTime()}, in order. */
    public List<Long> acceptedAtNanos() {
        return List.copyOf(acceptedAtNanos);
    }

    private void checkHealth() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        while (running) {
            for (int port : backendPorts) {
                boolean up;
                try {
                    // An answer counts at once (a draining gateway's 503 above all); silence only twice in a
                    // row, as a busy machine may take more than a second to answer.
                    up = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                    unanswered.put(port, 0);
                } catch (IOException e) {
                    up = unanswered.merge(port, 1, Integer::sum) < 2 && !down.contains(port);
                } catch (InterruptedException e) {
                    return;
                }
                if (up) {
                    down.remove(port);
                } else {
                    down.add(port);
                }
            }
            try {
                Thread.sleep(HEALTH_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = listener.accept();
                acceptedAtNanos.add(System.nanoTime());
                Socket backend = connectToABackend();
                if (backend == null) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(backend);
                pipe(client, backend);
                pipe(backend, client);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private Socket connectToABackend() {
        for (int i = 0; i < backendPorts.size(); i++) {
            int port = backendPorts.get(Math.floorMod(next.getAndIncrement(), backendPorts.size()));
            if (down.contains(port)) {
                continue;
            }
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                // that gateway is down: try the next
            }
        }
        return null;
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        listener.close();
        sockets.forEach(this::closeQuietly);
    }
}
