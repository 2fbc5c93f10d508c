package dev.imlab.gateway.drain;

import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's graceful goodbye before it stops, so that a rolling restart loses nothing and causes
 * no reconnect storm. The order that makes it work:
 *
 * <ol>
 * <li>{@link #draining()} turns true: {@code /api/v1/health} answers 503 {@code DRAINING}, so the load
 *     balancer stops sending new connections here, and a WebSocket upgrade that still comes is refused
 *     with 503 (the client retries, through the balancer, elsewhere);
 * <li>every device is sent {@code {"type":"reconnect","reason":"draining","afterMs":N}}, N drawn per
 *     connection from [0, spread): N devices come back at about N / spread per second. Until it leaves,
 *     a device is served as before: its sends are answered, pushes reach it, its acks go on;
 * <li>the gateway waits, at most {@code timeout}, for the devices to close their connections
 *     (a device that connected during the drain is told too);
 * <li>whoever is still there is closed with status 1001 (going away): a client that ignores the
 *     frame reconnects as after any loss.
 * </ol>
 *
 * <p>Nothing acknowledged is lost on the way: a send the gateway handed to Kafka is stored and its
 * {@code send_ack} waits in the client's retry, which the new gateway answers from the dedupe record;
 * a push that finds its device gone is in storage, and the device's {@code sync} on the new gateway
 * fetches it. Only after this do the gateway's Kafka clients close ({@code GatewayServer.close}).
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    /** The reason sent in the frame. */
    public static final String REASON = "draining";
    /** How often the wait looks at the sessions left (and tells the ones that came meanwhile). */
    private static final long LOOK_EVERY_MS = 50;
    /** How long closed stragglers get for their close frame to leave. */
    private static final long CLOSE_GRACE_MS = 2_000;

    private final DrainSettings settings;
    private final SessionRegistry sessions;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final Set<Session> told = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean draining;

    public Drain(DrainSettings settings, SessionRegistry sessions, RandomGenerator random, LongSupplier nanoTime) {
        this.settings = settings;
        this.sessions = sessions;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /** True from the start of {@link #run()}: no new connections, health 503. */
    public boolean draining() {
        return draining;
    }

    /**
     * Runs the drain and returns once every device has gone. Blocks for at most the timeout plus a
     * short grace for the last close frames.
     *
     * @return the connections closed with 1001 because they were still there at the timeout
     */
    public synchronized Outcome run() {
        long start = nanoTime.getAsLong();
        draining = true;
        int before = sessions.size();
        if (before > 0) {
            log.info("draining: {} connections told to reconnect within {} ms, waiting up to {} ms", before,
                    settings.spread().toMillis(), settings.timeout().toMillis());
        }
        long deadline = start + settings.timeout().toNanos();
        while (true) {
            if (!settings.timeout().isZero()) {
                tellNewOnes();
            }
            if (sessions.size() == 0 || nanoTime.getAsLong() - deadline >= 0 || !sleep(LOOK_EVERY_MS)) {
                break;
            }
        }
        int stragglers = sessions.size();
        if (stragglers > 0) {
            for (Session session : sessions.all()) {
                session.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
                        "going away")).addListener(ChannelFutureListener.CLOSE);
            }
            long graceEnd = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MS);
            while (sessions.size() > 0 && nanoTime.getAsLong() - graceEnd < 0 && sleep(LOOK_EVERY_MS)) {
                // the close frames are on their way
            }
        }
        Outcome outcome = new Outcome(before, stragglers, TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start));
        if (before > 0) {
            log.info("drained: {}", outcome);
        }
        return outcome;
    }

    /**
     * What a drain did.
     *
     * @param connections connections there when it began
     * @param closedAtTimeout of those and any that came later, the ones closed with 1001 at the timeout
     * @param tookMs how long it took
     */
    public record Outcome(int connections, int closedAtTimeout, long tookMs) {
    }

    private void tellNewOnes() {
        long spreadMs = settings.spread().toMillis();
        for (Session session : sessions.all()) {
            if (told.add(session)) {
                long afterMs = spreadMs <= 0 ? 0 : random.nextLong(spreadMs);
                ServerFrame.Reconnect frame = new ServerFrame.Reconnect(REASON, afterMs);
                session.channel().eventLoop().execute(() -> { // Session is event-loop only
                    if (session.channel().isActive()) {
                        session.write(frame);
                    }
                });
            }
        }
    }

    /** False when interrupted: the drain then closes what is left at once. */
    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
