package dev.imlab.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a loopback port nobody listens on.
 *
 * <p>Asking the OS for port 0 and closing the socket again leaves a short window in which another
 * process could take the port. Servers that can bind port 0 themselves do so; this is for the ones
 * that must know their port before they start (Kafka's controller quorum, Redis). Within one JVM a
 * port is never handed out twice, so servers started side by side (Kafka and Redis start in
 * parallel) cannot be given the same one; a server that still loses the race should start again
 * on a new pick, as {@code EmbeddedKafka} does.
 */
public final class FreePort {
    private static final int ATTEMPTS = 20;
    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    /** Returns {@code port} unless it is 0, in which case a free port is picked. */
    public static int orPick(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port is " + port + ", must be 0 (any free port) to 65535");
        }
        return port == 0 ? pick() : port;
    }

    public static int pick() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no loopback port that was not handed out before in " + ATTEMPTS + " tries");
    }
}
