package dev.imlab.labs.lab03;

import dev.imlab.gateway.delivery.Retransmission;
import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's retransmission of pushes (im-gateway's {@code Retransmission}) done by your
 * {@link AckTracker} on your {@link TimerWheel}: what {@code Lab03Server} plugs into the real server.
 *
 * <p>How the gateway's words map onto the lab's:
 * <ul>
 * <li>every push written to a device is a {@link Send} to watch: its {@code clientMsgId} names the
 *     connection, the conversation and the seq ({@code alice/phone@3f2a1b c:alice:bob#7}), since a
 *     message pushed to two devices is two things to watch;
 * <li>a re-send writes the same push again on the device's event loop, unless the connection closed
 *     or stopped reading (as the gateway's own {@code Retransmitter} does);
 * <li>a device's ack is cumulative, "everything up to seq 7 of this conversation": each watched
 *     push of that connection and conversation at or below it is {@link AckTracker#acked acked};
 * <li>the wheel ticks every {@link #TICK_MS} ms, the gateway's first delay (1 s) is 10 ticks, and its
 *     maximum of re-sends is your {@code maxResends}.
 * </ul>
 *
 * One thread of its own ticks the wheel and makes every call to the tracker, so your classes stay
 * single-threaded, as the lab wrote them. What they throw there ({@code LabNotDone} while a method
 * is not written yet) is logged where it happens.
 */
public final class TrackedRetransmission implements Retransmission, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrackedRetransmission.class);
    /** One tick of the wheel, as the gateway's own Netty wheel ticks. */
    static final long TICK_MS = 100;
    static final int SLOTS = 512;
    /** Re-sends and give-ups are logged one by one up to this many, then only counted. */
    static final int LOGGED_EVENTS = 100;

    /** A push being watched: where to write it again. */
    private record Watched(Session session, Message message) {
    }

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("lab03-wheel", true));
    private final TimerWheel wheel;
    private final AckTracker tracker;
    // Both touched on the wheel's thread only.
    private final Map<String, Watched> watched = new HashMap<>();
    private final Map<Session, Map<String, NavigableMap<Long, String>>> bySession = new HashMap<>();
    private final AtomicInteger logged = new AtomicInteger();
    private volatile long waiting;

    /**
     * @param firstDelay the gateway's {@code imlab.gateway.retransmit-first-delay}
     * @param maxResends the gateway's {@code imlab.gateway.retransmit-max-attempts}
     */
    public TrackedRetransmission(Duration firstDelay, int maxResends) {
        this.wheel = new TimerWheel(SLOTS);
        this.tracker = new AckTracker(wheel, Math.max(1, firstDelay.toMillis() / TICK_MS), maxResends,
                this::resend, this::gaveUp);
        thread.scheduleAtFixedRate(() -> onWheel("TimerWheel.tick", () -> {
            wheel.tick();
            waiting = tracker.pending();
        }), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** On the session's event loop. */
    @Override
    public void pushed(Session session, Message message) {
        String id = session + " " + message.conversationId() + "#" + message.seq();
        thread.execute(() -> onWheel("AckTracker.sent", () -> {
            watched.put(id, new Watched(session, message));
            bySession.computeIfAbsent(session, s -> new HashMap<>())
                    .computeIfAbsent(message.conversationId(), c -> new TreeMap<>()).put(message.seq(), id);
            tracker.sent(new Send(session.key(), id, message.body()));
            waiting = tracker.pending();
        }));
    }

    /** On the session's event loop: every valid ack the device sends. */
    @Override
    public void acked(Session session, String conversationId, long seq) {
        session.markAcked(conversationId, seq, System.nanoTime()); // the session's own record, as the gateway keeps it
        thread.execute(() -> onWheel("AckTracker.acked", () -> {
            Map<String, NavigableMap<Long, String>> conversations = bySession.get(session);
            NavigableMap<Long, String> pending = conversations == null ? null : conversations.get(conversationId);
            if (pending == null) {
                return;
            }
            Map<Long, String> upToSeq = pending.headMap(seq, true);
            for (String id : upToSeq.values()) {
                watched.remove(id);
                tracker.acked(id);
            }
            upToSeq.clear();
            forgetIfEmpty(session, conversationId);
            waiting = tracker.pending();
        }));
    }

    /** What your tracker reported as pending at its last call: the dashboard's unacked pushes. */
    @Override
    public long waiting() {
        return waiting;
    }

    /** Your tracker's {@code resend}, on the wheel's thread: write the push again on its connection's event loop. */
    private void resend(Send send) {
        Watched w = watched.get(send.clientMsgId());
        if (w == null) {
            return;
        }
        Session session = w.session();
        session.channel().eventLoop().execute(() -> {
            if (session.channel().isActive() && session.channel().isWritable()
                    && session.ackedSeq(w.message().conversationId()) < w.message().seq()) {
                session.write(new ServerFrame.Push(w.message()));
            }
        });
        event("lab03: AckTracker re-sends {}", send.clientMsgId());
    }

    /** Your tracker's {@code gaveUp}, on the wheel's thread. */
    private void gaveUp(Send send) {
        Watched w = watched.remove(send.clientMsgId());
        if (w != null) {
            Map<String, NavigableMap<Long, String>> conversations = bySession.get(w.session());
            NavigableMap<Long, String> pending = conversations == null ? null
                    : conversations.get(w.message().conversationId());
            if (pending != null) {
                pending.remove(w.message().seq());
                forgetIfEmpty(w.session(), w.message().conversationId());
            }
        }
        event("lab03: AckTracker gave up on {}; the device catches up with sync", send.clientMsgId());
    }

    private void forgetIfEmpty(Session session, String conversationId) {
        Map<String, NavigableMap<Long, String>> conversations = bySession.get(session);
        if (conversations != null && conversations.get(conversationId).isEmpty()) {
            conversations.remove(conversationId);
            if (conversations.isEmpty()) {
                bySession.remove(session);
            }
        }
    }

    private void event(String format, String id) {
        int n = logged.incrementAndGet();
        if (n <= LOGGED_EVENTS) {
            log.info(format, id);
        } else if (n == LOGGED_EVENTS + 1) {
            log.info("lab03: {} re-sends and give-ups logged; the rest are not", LOGGED_EVENTS);
        }
    }

    /**
     * Runs on the wheel's thread. What your code throws there ({@code LabNotDone} is an Error) would
     * end in the executor's future, where no one sees it: logged instead, and a tick that throws
     * also stops the wheel.
     */
    private void onWheel(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException | Error e) {
            boolean tick = what.equals("TimerWheel.tick");
            log.error("lab03: {} failed{}", what, tick ? "; the wheel stops" : "", e);
            if (tick) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
