package dev.imlab.bench.soak;

import dev.imlab.bench.traffic.Rig;
import dev.imlab.bench.wire.Tokens;
import dev.imlab.bench.wire.WsClient;
import dev.imlab.bench.wire.WsConnection;
import dev.imlab.bench.wire.WsListener;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The few abusive clients of a soak, each from its own loopback address and each aimed at one
 * limit: a connection flooding frames (the per-connection rate), a password guesser against one
 * victim (the failed-login limit and the lockout), a user opening device after device (devices per
 * user), and slowloris handshakes (the handshake deadline). Beside them the victim logs in from its
 * usual address now and then, and must always get in.
 */
final class Abusers implements AutoCloseable {
    static final String FLOOD_FROM = "127.0.0.2";
    static final String GUESS_FROM = "127.0.0.3";
    static final String LORIS_FROM = "127.0.0.4";
    private static final int HOARD_DEVICES = 15;
    private static final int LORIS_SOCKETS = 30;

    private final URI base;
    private final Rig rig;
    private final String victim;
    private final String flooder;
    private final String hoarder;
    private final WsClient client = new WsClient(1);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    final LongAdder floodFrames = new LongAdder();
    final LongAdder floodRefused = new LongAdder();
    final LongAdder guesses = new LongAdder();
    final Map<Integer, LongAdder> guessAnswers = new java.util.concurrent.ConcurrentHashMap<>();
    final LongAdder victimLogins = new LongAdder();
    final LongAdder victimLoginFailures = new LongAdder();
    final LongAdder hoardOpened = new LongAdder();
    final LongAdder hoardRefused = new LongAdder();
    final LongAdder lorisOpened = new LongAdder();
    final LongAdder lorisClosedByServer = new LongAdder();

    Abusers(URI base, Rig rig, String victim, String flooder, String hoarder) {
        this.base = base;
        this.rig = rig;
        this.victim = victim;
        this.flooder = flooder;
        this.hoarder = hoarder;
    }

    void start() {
        spawn("soak-flooder", this::flood);
        spawn("soak-guesser", this::guess);
        spawn("soak-victim", this::victimLogsIn);
        spawn("soak-hoarder", this::hoard);
        spawn("soak-loris", this::slowloris);
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                System.out.println(name + " stopped: " + e);
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** About 20,000 pings a second on one connection, ten times the per-connection rate; reconnects if closed. */
    private void flood() {
        WsListener counting = (c, text) -> {
            if (text.contains("\"RATE_LIMITED\"")) {
                floodRefused.increment();
            }
        };
        WsConnection c = null;
        while (running) {
            try {
                if (c == null || !c.isOpen()) {
                    String token = rig.http().token(flooder, Rig.PASSWORD, "flood").token();
                    c = client.connect(Tokens.wsUri(base, token), FLOOD_FROM, counting).get(30, TimeUnit.SECONDS);
                }
                for (int i = 0; i < 200 && c.isWritable(); i++) {
                    c.send("{\"type\":\"ping\"}");
                    floodFrames.increment();
                }
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                c = null;
                pause(1_000);
            }
        }
    }

    /** A wrong password for the victim, 50 times a second, from an address the victim never used. */
    private void guess() {
        String body = "{\"userId\":\"" + victim + "\",\"password\":\"not-" + Rig.PASSWORD + "\",\"deviceId\":\"guess\"}";
        while (running) {
            int status = RawSockets.post(base, GUESS_FROM, "/api/v1/auth/token", body);
            guesses.increment();
            guessAnswers.computeIfAbsent(status, k -> new LongAdder()).increment();
            pause(20);
        }
    }

    /** The victim, from its usual address, every 5 s: must get a token whatever the guesser does. */
    private void victimLogsIn() {
        while (running) {
            try {
                rig.http().token(victim, Rig.PASSWORD, "phone");
                victimLogins.increment();
            } catch (RuntimeException e) {
                victimLoginFailures.increment();
            }
            pause(5_000);
        }
    }

    /** Device after device for one user, and one more every 10 s: past the limit each is refused. */
    private void hoard() {
        List<WsConnection> held = new ArrayList<>();
        int device = 0;
        while (running) {
            int round = held.isEmpty() ? HOARD_DEVICES : 1;
            for (int i = 0; i < round && running; i++, device++) {
                try {
                    String token = rig.http().token(hoarder, Rig.PASSWORD, "d" + device).token();
                    WsConnection c = client.connect(Tokens.wsUri(base, token), FLOOD_FROM, (x, t) -> { }).get(30, TimeUnit.SECONDS);
                    c.keepAlive(5_000, 20_000); // a live device, not one the first-frame deadline closes
                    held.add(c);
                    hoardOpened.increment();
                } catch (Exception e) {
                    hoardRefused.increment();
                }
            }
            pause(10_000);
        }
        held.forEach(WsConnection::close);
    }

    /** Up to 30 handshakes that never finish their headers; counts those the server closes. */
    private void slowloris() {
        String token = rig.http().token(hoarder, Rig.PASSWORD, "loris").token();
        List<Socket> open = new ArrayList<>();
        byte[] one = new byte[1];
        while (running) {
            try {
                if (open.size() < LORIS_SOCKETS) {
                    Socket s = RawSockets.open(base, LORIS_FROM, 0);
                    s.getOutputStream().write(RawSockets.upgradeRequest(base, token, false));
                    s.setSoTimeout(1);
                    open.add(s);
                    lorisOpened.increment();
                }
                for (Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                    Socket s = it.next();
                    try {
                        InputStream in = s.getInputStream();
                        if (in.read(one) != 0) { // -1: closed; anything else: an answer, then the close
                            lorisClosedByServer.increment();
                            s.close();
                            it.remove();
                        }
                    } catch (SocketTimeoutException stillOpen) {
                        // the server is still waiting for the rest of the headers
                    } catch (Exception e) {
                        lorisClosedByServer.increment();
                        it.remove();
                    }
                }
            } catch (Exception e) {
                // could not open one: try again
            }
            pause(200);
        }
        open.forEach(s -> {
            try {
                s.close();
            } catch (Exception ignored) {
                // closing
            }
        });
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("floodFramesSent", floodFrames.sum());
        m.put("floodRateLimited", floodRefused.sum());
        m.put("guesses", guesses.sum());
        Map<String, Long> answers = new LinkedHashMap<>();
        guessAnswers.forEach((k, v) -> answers.put(String.valueOf(k), v.sum()));
        m.put("guessAnswers", answers);
        m.put("victimLogins", victimLogins.sum());
        m.put("victimLoginFailures", victimLoginFailures.sum());
        m.put("hoardDevicesOpened", hoardOpened.sum());
        m.put("hoardDevicesRefused", hoardRefused.sum());
        m.put("slowlorisOpened", lorisOpened.sum());
        m.put("slowlorisClosedByServer", lorisClosedByServer.sum());
        return m;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
