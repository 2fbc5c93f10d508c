package dev.imlab.bench.traffic;

import dev.imlab.bench.wire.CumulativeAcks;
import dev.imlab.bench.wire.Tokens;
import dev.imlab.bench.wire.WsConnection;
import dev.imlab.bench.wire.WsListener;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connected device that sends and receives. It acks what it received cumulatively (every
 * {@value CumulativeAcks#EVERY} pushes, and every {@value CumulativeAcks#FLUSH_MS} ms), as the SDK does, so the
 * gateway has no reason to re-send; refused sends ({@code UNAVAILABLE}, {@code RATE_LIMITED}) are
 * re-sent with the same clientMsgId after the delay the server asks for.
 */
public final class Peer implements WsListener {
    private static final FrameCodec CODEC = new FrameCodec();

    private final Rig rig;
    private final String userId;
    private final String device;
    private WsConnection connection;
    /** clientMsgId to frame, until its send_ack. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private long counter;
    private Runnable onAck = () -> { };
    private final CumulativeAcks acks = new CumulativeAcks();

    Peer(Rig rig, String userId) {
        this.rig = rig;
        this.userId = userId;
        this.device = userId + "/bench";
    }

    void open(URI base, String token) throws Exception {
        connection = rig.client.connect(Tokens.wsUri(base, token), null, this).get(60, TimeUnit.SECONDS);
        connection.keepAlive(20_000 + (long) (Math.random() * 5_000), 25_000);
        connection.every(CumulativeAcks.FLUSH_MS, this::flushAcks);
    }

    public String userId() {
        return userId;
    }

    public String device() {
        return device;
    }

    /** Called on the event loop after every send_ack: the flat-out sender sends its next message here. */
    public void onAck(Runnable r) {
        this.onAck = r;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int pending() {
        return pending.size();
    }

    /** Sends to a user ({@code groupId} null) or to a group; {@code bodyBytes} of padding. */
    public void send(String to, String groupId, int bodyBytes) {
        String clientMsgId = (counter++) + "-" + System.nanoTime();
        StringBuilder f = new StringBuilder(64 + bodyBytes).append("{\"type\":\"send\",\"clientMsgId\":\"").append(clientMsgId);
        if (groupId != null) {
            f.append("\",\"groupId\":\"").append(groupId);
        } else {
            f.append("\",\"to\":\"").append(to);
        }
        f.append("\",\"body\":\"").append("x".repeat(Math.max(1, bodyBytes))).append("\"}");
        String frame = f.toString();
        pending.put(clientMsgId, frame);
        inFlight.incrementAndGet();
        rig.sent.increment();
        connection.send(frame);
    }

    @Override
    public void onText(WsConnection c, String text) {
        ServerFrame frame = CODEC.decodeServer(text);
        long now = System.nanoTime();
        if (frame instanceof ServerFrame.Push p) {
            Message m = p.message();
            if (rig.checker.delivered(device, m.conversationId(), m.seq(), m.clientMsgId())) {
                rig.delivered.increment();
                rig.endToEnd.recordValue(Math.max(1, (now - sentAt(m.clientMsgId())) / 1000));
            }
            acks.received(m.conversationId(), m.seq());
            if (acks.due()) {
                flushAcks();
            }
        } else if (frame instanceof ServerFrame.SendAck a) {
            if (pending.remove(a.clientMsgId()) != null) {
                inFlight.decrementAndGet();
                rig.acked.increment();
                rig.toAck.recordValue(Math.max(1, (now - sentAt(a.clientMsgId())) / 1000));
                rig.checker.acked(a.conversationId(), a.seq(), a.clientMsgId());
                onAck.run();
            }
        } else if (frame instanceof ServerFrame.Error e) {
            rig.errors.computeIfAbsent(e.code(), k -> new LongAdder()).increment();
            String resend = e.ref() == null ? null : pending.get(e.ref());
            if (resend != null && (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.RATE_LIMITED)) {
                long delay = e.retryAfterMs() == null ? 50 : Math.max(1, e.retryAfterMs());
                c.schedule(() -> c.send(resend), delay);
            } else if (resend != null) {
                pending.remove(e.ref()); // refused for good: not a message of this run
                inFlight.decrementAndGet();
            }
        }
    }

    /** Sends the cumulative ack of every conversation that moved, and a read beside it if the rig asks (event loop thread). */
    void flushAcks() {
        acks.flush((conversationId, upTo) -> {
            connection.send(CumulativeAcks.frame("ack", conversationId, upTo));
            if (rig.readWhatIsAcked) {
                connection.send(CumulativeAcks.frame("read", conversationId, upTo));
                rig.reads.increment();
            }
        });
    }

    private static long sentAt(String clientMsgId) {
        int dash = clientMsgId.indexOf('-');
        try {
            return Long.parseLong(clientMsgId.substring(dash + 1));
        } catch (RuntimeException e) {
            return System.nanoTime();
        }
    }

    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
