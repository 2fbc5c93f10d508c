package dev.imlab.labs.lab07;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The gateway of the pipeline: holds the users' TCP connections, confirms each message's receipt
 * at once, hands the message to Kafka, and writes the reply back on its user's connection.
 *
 * <p>A thread per connection reads it (fine for a lab's 20 connections; lab06 is about holding
 * many); replies are written by the handler threads.
 */
final class Edge implements AutoCloseable {
    private final ServerSocket listener;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final boolean tcpNoDelay;
    private final Consumer<Throwable> onFailure;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    /** A user's connection, known from its first request: the route table of this one gateway. */
    private final Map<Integer, OutputStream> routes = new ConcurrentHashMap<>();

    Edge(PipelineSettings settings, Producer<String, byte[]> producer, String topic, Consumer<Throwable> onFailure)
            throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.producer = producer;
        this.topic = topic;
        this.tcpNoDelay = settings.tcpNoDelay();
        this.onFailure = onFailure;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Accepts this many connections (the clients are connected already) and starts reading them. */
    void start(int users) throws IOException {
        for (int i = 0; i < users; i++) {
            Socket socket = listener.accept();
            socket.setTcpNoDelay(tcpNoDelay);
            connections.add(socket);
            Thread reader = new Thread(() -> read(socket), "lab07-edge-" + i);
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(Socket socket) {
        try {
            DataInputStream requests = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream replies = socket.getOutputStream();
            while (true) {
                Frames.Frame frame = Frames.read(requests);
                if (frame.kind() != Frames.MESSAGE) {
                    throw new IOException("a client sent a frame of kind '" + (char) frame.kind() + "'");
                }
                Stamps message = Stamps.fromBytes(frame.body()).now(Stamps.EDGE_READ);
                routes.putIfAbsent(message.user(), replies);
                synchronized (replies) {
                    Frames.write(replies, Frames.RECEIVED, Frames.intBytes(message.id()));
                }
                producer.send(new ProducerRecord<>(topic, message.conversationId(), message.toBytes()), (stored, e) -> {
                    if (e != null) {
                        onFailure.accept(new IllegalStateException("Kafka refused " + message, e));
                    }
                });
            }
        } catch (EOFException | SocketException closed) {
            // the client is done, or the pipeline is closing
        } catch (IOException | RuntimeException e) {
            onFailure.accept(e);
        }
    }

    /** Writes the reply on its user's connection; from any thread, one frame at a time per connection. */
    void reply(Stamps message) {
        OutputStream replies = routes.get(message.user());
        try {
            synchronized (replies) {
                Frames.write(replies, Frames.REPLY, message.toBytes());
            }
        } catch (IOException e) {
            onFailure.accept(new IllegalStateException("cannot reply to user " + message.user() + " with " + message, e));
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
