package dev.imlab.gateway.session;

import dev.imlab.gateway.auth.Principal;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One authenticated WebSocket connection of one device.
 *
 * <p>Kept small on purpose, since a gateway holds tens of thousands: the maps are created on
 * first use, and everything but {@link #lastReadNanos} is touched only on the channel's event
 * loop, so nothing here needs a lock.
 */
public final class Session {
    /** Close status of a connection replaced by a newer one of the same device (PROTOCOL.md). */
    public static final int KICKED_STATUS = 4001;

    private final Channel channel;
    private final Principal principal;
    private final long connectedAt;
    private final RateLimiter rateLimiter;
    private final FrameWriter writer;
    volatile long lastReadNanos;
    private volatile boolean open;
    private long unwritableSinceNanos; // 0 while writable
    private long lastAckNanos;
    private List<ServerFrame> early; // frames for the device that came before the handshake finished
    private Map<String, long[]> seqs; // conversationId -> {highest pushed here, highest known to exist, highest acked}
    private CompletableFuture<Void> queryTail = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> sendTail = CompletableFuture.completedFuture(null);

    public Session(Channel channel, Principal principal, long connectedAt, RateLimiter rateLimiter, FrameWriter writer) {
        this.channel = channel;
        this.principal = principal;
        this.connectedAt = connectedAt;
        this.rateLimiter = rateLimiter;
        this.writer = writer;
        this.lastReadNanos = System.nanoTime();
    }

    public Channel channel() {
        return channel;
    }

    /** Who is on this connection, and the token it opened with (a revocation of that token closes it). */
    public Principal principal() {
        return principal;
    }

    public String userId() {
        return principal.userId();
    }

    public String deviceId() {
        return principal.deviceId();
    }

    public String key() {
        return SessionRegistry.key(principal.userId(), principal.deviceId());
    }

    public long connectedAt() {
        return connectedAt;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public void touch() {
        lastReadNanos = System.nanoTime();
    }

    /**
     * Sends a frame to the device. Before the handshake has finished, frames wait (only deliveries
     * can come that early, and they run on the event loop, like {@link #open()}).
     */
    public void write(ServerFrame frame) {
        queue(frame);
        flush();
    }

    /** Like {@link #write}, without sending yet: frames queue until {@link #flush}. Event loop only. */
    public void queue(ServerFrame frame) {
        if (!open) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            early.add(frame);
            return;
        }
        writer.queue(channel, frame);
    }

    /** Sends the queued frames. */
    public void flush() {
        if (open) {
            channel.flush();
        }
    }

    /** The handshake has finished: sends what waited, then writes go straight out. */
    public void open() {
        open = true;
        if (early != null) {
            early.forEach(f -> writer.queue(channel, f));
            early = null;
            channel.flush();
        }
    }

    /** Records that the device was pushed {@code seq}; false if it already was (a re-delivery to drop). */
    public boolean markPushed(String conversationId, long seq) {
        long[] s = seqsOf(conversationId);
        if (seq <= s[0]) {
            return false;
        }
        s[0] = seq;
        s[1] = Math.max(s[1], seq);
        return true;
    }

    /** Records that {@code seq} is known to exist in the conversation (it was acked, pulled or synced). */
    public void markKnown(String conversationId, long seq) {
        long[] s = seqsOf(conversationId);
        s[1] = Math.max(s[1], seq);
    }

    /** Records a cumulative ack of the device, received at {@code nowNanos}. */
    public void markAcked(String conversationId, long seq, long nowNanos) {
        long[] s = seqsOf(conversationId);
        s[2] = Math.max(s[2], seq);
        lastAckNanos = nowNanos;
    }

    /** When the device last acked anything, on the clock its acks were marked with; 0 if never. */
    public long lastAckNanos() {
        return lastAckNanos;
    }

    /** The highest seq the device acked on this connection; 0 if none. */
    public long ackedSeq(String conversationId) {
        long[] s = seqs == null ? null : seqs.get(conversationId);
        return s == null ? 0 : s[2];
    }

    /** The highest seq this connection has seen exist in the conversation; 0 if none. */
    public long knownSeq(String conversationId) {
        long[] s = seqs == null ? null : seqs.get(conversationId);
        return s == null ? 0 : s[1];
    }

    private long[] seqsOf(String conversationId) {
        if (seqs == null) {
            seqs = new HashMap<>(4);
        }
        return seqs.computeIfAbsent(conversationId, c -> new long[3]);
    }

    /**
     * Runs queries one after another, so that answers of one type leave in the order the requests
     * came (clients match {@code pull_result}s to {@code pull}s by order).
     */
    public CompletableFuture<Void> chainQuery(Function<Void, CompletableFuture<Void>> next) {
        queryTail = queryTail.handle((v, e) -> (Void) null).thenCompose(next);
        return queryTail;
    }

    /** Like {@link #chainQuery} for sends: a sender's messages enter the pipeline in the order it sent them. */
    public CompletableFuture<Void> chainSend(Function<Void, CompletableFuture<Void>> next) {
        sendTail = sendTail.handle((v, e) -> (Void) null).thenCompose(next);
        return sendTail;
    }

    public boolean sendsIdle() {
        return sendTail.isDone();
    }

    /**
     * True if the channel takes writes now. If it does not (over its high water mark: the device
     * reads slower than we push), false; and once that has lasted {@code graceNanos}, the channel is
     * closed. Event loop only.
     */
    public boolean writableOrGivenUp(long graceNanos) {
        if (!channel.isWritable()) {
            // Frames queued without a flush count towards the water mark too: send them first, so
            // that only a device that really stopped reading looks unwritable.
            channel.flush();
        }
        if (channel.isWritable()) {
            unwritableSinceNanos = 0;
            return true;
        }
        long now = System.nanoTime();
        if (unwritableSinceNanos == 0) {
            unwritableSinceNanos = now;
        } else if (now - unwritableSinceNanos >= graceNanos) {
            channel.close();
        }
        return false;
    }

    /** Tells the device why and closes with status 4001. */
    public void kick(String reason) {
        write(new ServerFrame.Kicked(reason));
        channel.writeAndFlush(new CloseWebSocketFrame(KICKED_STATUS, "kicked")).addListener(f -> channel.close());
    }

    @Override
    public String toString() {
        return key() + "@" + channel.id().asShortText();
    }
}
