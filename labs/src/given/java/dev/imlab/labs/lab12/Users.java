package dev.imlab.labs.lab12;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The incident's users: pairs of devices chatting through the real gateway at a steady average
 * rate, each at random moments, whether or not the last message was answered (open loop: a slow server makes a queue, not a
 * slower load). Each device acks the pushes it gets, and re-sends a send refused with
 * {@code UNAVAILABLE} after the delay the gateway asks for, or else after the SDK's back-off
 * (im-client's {@code Backoff}: from 100 ms, doubling up to 5 s, half of it random).
 *
 * <p>What they see is what users would report: from sending a message to its {@code send_ack},
 * and to its {@code push} on the other device, measured over a {@link Window}.
 */
final class Users implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final String PASSWORD = "incident-pass-1";
    static final long RETRY_FIRST_MS = 100;
    static final long RETRY_MAX_MS = 5_000;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FrameCodec codec = new FrameCodec();
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "users");
        t.setDaemon(true);
        return t;
    });
    private final List<Device> devices = new ArrayList<>();
    private volatile boolean sendingNew = true;
    /** Messages sent and not yet both acked and pushed, by clientMsgId. */
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicReference<Window> window = new AtomicReference<>(new Window(System.nanoTime()));

    private final String prefix;

    /** @param prefix of the users' names, so that several sets of users can share one MongoDB */
    Users(int port, String prefix) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.prefix = prefix;
    }

    /** Registers and connects {@code pairs} pairs of users, then each device sends {@code perSecond} messages a second. */
    void start(int pairs, double perSecond) throws Exception {
        for (int i = 0; i < pairs; i++) {
            Device a = connect(prefix + "ann" + i);
            Device b = connect(prefix + "ben" + i);
            a.peer = b.user;
            b.peer = a.user;
            devices.add(a);
            devices.add(b);
        }
        // Each phone sends at random moments, perSecond on average (a Poisson process, as many
        // independent users are): evenly spaced sends would never meet, and real ones do.
        long meanMicros = (long) (1_000_000 / perSecond);
        for (Device d : devices) {
            d.scheduleNext(meanMicros);
        }
    }

    /** The users stop sending new messages; they go on acking pushes and retrying refused sends. */
    void stopSending() {
        sendingNew = false;
    }

    /**
     * Starts a new window and returns the one that ends now. Messages sent in it go on counting in
     * it when their answers come later; {@link #close} counts those still unanswered.
     */
    Window nextWindow() {
        return window.getAndSet(new Window(System.nanoTime()));
    }

    /**
     * Counts each message of {@code w} still without its send_ack or push at its age now: it took at
     * least that long. Call it a while after {@link #nextWindow} ended the window.
     */
    void close(Window w) {
        long now = System.nanoTime();
        for (Sent s : sent.values()) {
            if (s.window == w) {
                if (!s.acked) {
                    w.sendToAck.add((now - s.nanos) / 1000);
                    w.unanswered.incrementAndGet();
                }
                if (!s.pushed) {
                    w.sendToPush.add((now - s.nanos) / 1000);
                }
            }
        }
    }

    private Device connect(String user) throws Exception {
        post("/api/v1/users", "{\"userId\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", 201);
        String answer = post("/api/v1/auth/token", "{\"userId\":\"" + user + "\",\"password\":\"" + PASSWORD
                + "\",\"deviceId\":\"phone\"}", 200);
        Matcher token = TOKEN.matcher(answer);
        if (!token.find()) {
            throw new IllegalStateException("no token in " + answer);
        }
        Device device = new Device(user);
        device.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + base.getAuthority() + "/ws?token=" + token.group(1)), device)
                .get(10, TimeUnit.SECONDS);
        return device;
    }

    private String post(String path, String json, int want) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != want) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        for (Device d : devices) {
            d.socket.abort();
        }
    }

    /** What the users saw of the messages they sent in one span of time. */
    static final class Window {
        final long startNanos;
        final Latencies sendToAck = new Latencies();
        final Latencies sendToPush = new Latencies();
        final AtomicLong sends = new AtomicLong();
        final AtomicLong refusals = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }

        String summary(double seconds) {
            return String.format("%d messages in %.0f s; send->send_ack p50 %.1f ms, p99 %.1f ms; send->push p50 %.1f ms,"
                            + " p99 %.1f ms; %d sends refused and retried", sends.get(), seconds,
                    sendToAck.percentileMs(0.5), sendToAck.percentileMs(0.99), sendToPush.percentileMs(0.5),
                    sendToPush.percentileMs(0.99), refusals.get())
                    + (unanswered.get() > 0 ? "; " + unanswered.get() + " not answered yet" : "");
        }
    }

    /** A message on its way: when it was first sent, in which window, and what came back. */
    private static final class Sent {
        final long nanos = System.nanoTime();
        final Window window;
        volatile boolean acked;
        volatile boolean pushed;
        final AtomicInteger refusals = new AtomicInteger();

        Sent(Window window) {
            this.window = window;
        }
    }

    /** One user's phone: a WebSocket that sends on the tick, answers pushes with acks and retries refusals. */
    /** The SDK's back-off with equal jitter: half of min(max, first * 2^attempt), plus up to the other half at random. */
    private static long backoff(int attempt) {
        long ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS << Math.min(attempt, 20));
        return ceiling / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }

    private void forgetIfDone(String clientMsgId, Sent s) {
        if (s.acked && s.pushed) {
            sent.remove(clientMsgId, s);
        }
    }

    private final class Device implements WebSocket.Listener {
        final String user;
        volatile String peer;
        volatile WebSocket socket;
        private final AtomicInteger counter = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Device(String user) {
            this.user = user;
        }

        void scheduleNext(long meanMicros) {
            long delay = (long) (-Math.log(1 - java.util.concurrent.ThreadLocalRandom.current().nextDouble()) * meanMicros);
            ticks.schedule(() -> {
                if (sendingNew) {
                    sendNext();
                    scheduleNext(meanMicros);
                }
            }, delay, TimeUnit.MICROSECONDS);
        }

        void sendNext() {
            String id = user + "-" + counter.incrementAndGet();
            Window w = window.get();
            sent.put(id, new Sent(w));
            w.sends.incrementAndGet();
            send(id);
        }

        void send(String clientMsgId) {
            write(codec.encode(new ClientFrame.Send(clientMsgId, peer, null, "hello from " + user)));
        }

        /** The JDK's WebSocket takes one text at a time: each write waits for the one before. */
        private synchronized void write(String text) {
            sending = sending.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(codec.decodeServer(text));
            }
            ws.request(1);
            return null;
        }

        private void handle(ServerFrame frame) {
            long now = System.nanoTime();
            if (frame instanceof ServerFrame.SendAck ack) {
                Sent s = sent.get(ack.clientMsgId());
                if (s != null && !s.acked) {
                    s.acked = true;
                    s.window.sendToAck.add((now - s.nanos) / 1000);
                    forgetIfDone(ack.clientMsgId(), s);
                }
            } else if (frame instanceof ServerFrame.Push push) {
                Sent s = sent.get(push.message().clientMsgId());
                if (s != null && !s.pushed) {
                    s.pushed = true;
                    s.window.sendToPush.add((now - s.nanos) / 1000);
                    forgetIfDone(push.message().clientMsgId(), s);
                }
                write(codec.encode(new ClientFrame.Ack(push.message().conversationId(), push.message().seq())));
            } else if (frame instanceof ServerFrame.Error error && error.code() == ErrorCode.UNAVAILABLE
                    && error.ref() != null) {
                Sent s = sent.get(error.ref());
                if (s == null) {
                    return;
                }
                s.window.refusals.incrementAndGet();
                long delay = error.retryAfterMs() != null ? error.retryAfterMs() : backoff(s.refusals.getAndIncrement());
                ticks.schedule(() -> send(error.ref()), delay, TimeUnit.MILLISECONDS);
            }
        }
    }
}
