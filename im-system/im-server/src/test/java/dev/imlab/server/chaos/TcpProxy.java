package dev.imlab.server.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny TCP load balancer in front of the gateways, as a real deployment would have: each new
 * connection goes to the next backend that accepts it, so clients of a stopped gateway reconnect
 * to the proxy's one address and land on another gateway.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    TcpProxy(List<Integer> backendPorts) throws IOException {
        this.backendPorts = backendPorts;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = listener.accept();
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
