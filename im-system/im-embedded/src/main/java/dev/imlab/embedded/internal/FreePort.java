package dev.imlab.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds a loopback port nobody listens on.
 *
 * <p>Asking the OS for port 0 and closing the socket again leaves a short window in which another
 * process could take the port. Servers that can bind port 0 themselves do so; this is for the ones
 * that must know their port before they start (Kafka's controller quorum, Redis).
 */
public final class FreePort {
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
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
