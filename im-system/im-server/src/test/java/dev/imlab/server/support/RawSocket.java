package dev.imlab.server.support;

import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client that knows nothing but PROTOCOL.md: it sends the text you give it and collects every
 * frame the server sends, so tests can check the wire itself, bad input included.
 */
public final class RawSocket implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private RawSocket(URI uri, HttpClient http) {
        StringBuilder partial = new StringBuilder();
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(-1);
                    }
                }).join();
    }

    public static RawSocket connect(URI uri) {
        return new RawSocket(uri, HttpClient.newHttpClient());
    }

    /** Through {@code http}: for {@code wss://}, one that trusts the server's certificate. */
    public static RawSocket connect(URI uri, HttpClient http) {
        return new RawSocket(uri, http);
    }

    public RawSocket send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public RawSocket sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next frame the server sends, decoded; fails after 10 s. */
    public ServerFrame next() {
        return CODEC.decodeServer(nextText());
    }

    public String nextText() {
        try {
            String text = frames.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no frame from the server within 10 s");
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips frames until one matches; fails after 10 s. */
    public ServerFrame next(Predicate<ServerFrame> wanted) {
        return next(wanted, 10);
    }

    /** Skips frames until one matches; fails after {@code seconds}. */
    public ServerFrame next(Predicate<ServerFrame> wanted, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String text;
            try {
                text = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (text == null) {
                throw new AssertionError("no matching frame within " + seconds + " s");
            }
            ServerFrame frame = CODEC.decodeServer(text);
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    /** The close status the server sent, waiting up to 10 s. */
    public int closeStatus() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
