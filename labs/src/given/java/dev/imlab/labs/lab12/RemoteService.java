package dev.imlab.labs.lab12;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service on the network that the server calls: another team's, some milliseconds away. One
 * request per line, one answer per line, after {@code delayMs}, which is what a round trip to a
 * real one costs: {@code next <name> <count>} reserves count numbers for name and answers the
 * first (an id service); {@code record <bytes>} answers {@code ok} (an audit log). It runs in the
 * incident's process on the loopback, so a call to it is a real call over a real socket, and
 * jstack and JFR see it as one.
 */
final class RemoteService implements AutoCloseable {
    private final long delayMs;
    private final ServerSocket server;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Each calling thread keeps its connection, as a client library's pool would. */
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    RemoteService(long delayMs) {
        this.delayMs = delayMs;
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "remote-service");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), "remote-service-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII)); OutputStream out = socket.getOutputStream()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Thread.sleep(delayMs);
                String[] words = line.split(" ");
                String answer = words[0].equals("next")
                        ? Long.toString(counters.computeIfAbsent(words[1], k -> new AtomicLong())
                                .getAndAdd(Long.parseLong(words[2])) + 1)
                        : "ok";
                out.write((answer + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the caller went away, or the service closes
        }
    }

    /** Reserves {@code count} numbers for {@code name}; returns the first. Blocks for a round trip. */
    long next(String name, int count) {
        return Long.parseLong(call("next " + name + " " + count));
    }

    /** Records a frame of {@code bytes} in the audit log. Blocks for a round trip. */
    void record(int bytes) {
        call("record " + bytes);
    }

    private String call(String request) {
        Connection c = connection.get();
        try {
            if (c == null) {
                c = new Connection(new Socket(server.getInetAddress(), server.getLocalPort()));
                connection.set(c);
            }
            c.out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            String answer = c.in.readLine();
            if (answer == null) {
                throw new IOException("the service closed the connection");
            }
            return answer;
        } catch (IOException e) {
            connection.remove();
            throw new UncheckedIOException("the remote service did not answer " + request, e);
        }
    }

    private static final class Connection {
        final BufferedReader in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
