package dev.imlab.labs.lab07;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The users: a TCP connection each. One thread sends for all of them at the load's steady rate,
 * taking turns; a thread per connection reads the replies as they come.
 */
final class LoadClient implements AutoCloseable {
    /** However slow the pipeline, the shipped one included, every reply is back well within this. */
    static final long REPLIES_WITHIN_SECONDS = 60;

    private final List<Socket> sockets = new ArrayList<>();

    LoadClient(int port, int users, PipelineSettings settings) throws IOException {
        for (int i = 0; i < users; i++) {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.setTcpNoDelay(settings.tcpNoDelay());
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    /**
     * Sends the load and returns every message with its stamps, in the order sent, once every reply
     * came back.
     *
     * @param failure where the pipeline's threads report what went wrong; checked while waiting
     */
    List<Stamps> run(Load load, AtomicReference<Throwable> failure) throws IOException, InterruptedException {
        if (load.users() != sockets.size()) {
            throw new IllegalArgumentException("a load of " + load.users() + " users on " + sockets.size() + " connections");
        }
        AtomicReferenceArray<Stamps> replies = new AtomicReferenceArray<>(load.messages());
        CountDownLatch allBack = new CountDownLatch(load.messages());
        List<OutputStream> outs = new ArrayList<>();
        for (Socket socket : sockets) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            Thread reader = new Thread(() -> read(in, replies, allBack, failure), "lab07-client-reader");
            reader.setDaemon(true);
            reader.start();
            outs.add(socket.getOutputStream());
        }

        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / load.perSecond();
        long start = System.nanoTime();
        for (int i = 0; i < load.messages(); i++) {
            long due = start + i * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // pacing the load: the rate is the test's input
            }
            int user = load.userOf(i);
            Frames.write(outs.get(user), Frames.MESSAGE, Stamps.sent(i, user).toBytes());
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLIES_WITHIN_SECONDS);
        while (!allBack.await(100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new IllegalStateException("the pipeline failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((load.messages() - allBack.getCount()) + " of " + load.messages()
                        + " replies came back within " + REPLIES_WITHIN_SECONDS + " s");
            }
        }
        List<Stamps> all = new ArrayList<>(load.messages());
        for (int i = 0; i < load.messages(); i++) {
            all.add(replies.get(i));
        }
        return all;
    }

    private static void read(DataInputStream in, AtomicReferenceArray<Stamps> replies, CountDownLatch allBack,
                             AtomicReference<Throwable> failure) {
        try {
            while (true) {
                Frames.Frame frame = Frames.read(in);
                if (frame.kind() == Frames.RECEIVED) {
                    continue;
                }
                if (frame.kind() != Frames.REPLY) {
                    throw new IOException("the edge sent a frame of kind '" + (char) frame.kind() + "'");
                }
                Stamps reply = Stamps.fromBytes(frame.body()).now(Stamps.CLIENT_RECEIVED);
                if (!replies.compareAndSet(reply.id(), null, reply)) {
                    throw new IllegalStateException("a second reply to " + reply);
                }
                allBack.countDown();
            }
        } catch (EOFException | SocketException closed) {
            // the pipeline is closing
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
