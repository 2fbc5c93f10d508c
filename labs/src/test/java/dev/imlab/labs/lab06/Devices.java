package dev.imlab.labs.lab06;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Devices on loopback, as cheap as a client gets: a blocking JDK socket each, no thread, no
 * selector. They send a ping when told and never read, unless a test reads for them.
 */
final class Devices implements AutoCloseable {
    private final List<SocketChannel> sockets = new ArrayList<>();

    static Devices connect(InetSocketAddress server, int count) throws IOException {
        Devices devices = new Devices();
        try {
            for (int i = 0; i < count; i++) {
                devices.sockets.add(SocketChannel.open(server));
            }
        } catch (IOException e) {
            devices.close();
            throw new IOException("connected " + devices.sockets.size() + " of " + count + " devices: " + e.getMessage(), e);
        }
        return devices;
    }

    /** One device whose kernel takes in little ({@code SO_RCVBUF} 4 KiB) and which reads nothing: a phone in a tunnel. */
    static SocketChannel stalled(InetSocketAddress server) throws IOException {
        SocketChannel socket = SocketChannel.open();
        socket.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        socket.connect(server);
        return socket;
    }

    List<SocketChannel> all() {
        return sockets;
    }

    /** Sends a one-byte ping from each device in {@code from..to-1}. */
    void ping(int from, int to) {
        for (SocketChannel s : sockets.subList(from, to)) {
            try {
                s.write(ByteBuffer.wrap(new byte[] {'p'}));
            } catch (IOException e) {
                throw new UncheckedIOException("a device could not ping", e);
            }
        }
    }

    /** The devices' own addresses, as the server sees them as remote addresses. */
    List<SocketAddress> addresses(int from, int to) throws IOException {
        List<SocketAddress> addresses = new ArrayList<>();
        for (SocketChannel s : sockets.subList(from, to)) {
            addresses.add(s.getLocalAddress());
        }
        return addresses;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel s : sockets) {
            s.close();
        }
    }

    /** Waits for something the server does in reaction (not for time to pass), at most 30 s. */
    static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the server's threads need the CPU more
        }
    }
}
