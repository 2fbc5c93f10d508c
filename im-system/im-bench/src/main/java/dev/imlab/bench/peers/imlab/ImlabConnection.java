package dev.imlab.bench.peers.imlab;

import dev.imlab.bench.peers.ChatConnection;
import dev.imlab.bench.peers.ChatListener;
import dev.imlab.bench.peers.internal.ClientTransport;
import dev.imlab.bench.wire.CumulativeAcks;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.channel.Channel;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * imlab's client protocol as the SDK speaks it (protocol.adoc): {@code send} frames whose
 * clientMsgId is the run and the bench's counter, a {@code send_ack} per message, pushes de-duplicated by seq
 * (a re-send of a push the device had not acked yet is dropped, as the SDK drops it) and acked
 * cumulatively every {@value CumulativeAcks#EVERY} pushes or {@value CumulativeAcks#FLUSH_MS} ms; refused sends
 * ({@code UNAVAILABLE}, {@code RATE_LIMITED}) go again with the same clientMsgId after the delay
 * the server asks for. All state is touched on the connection's event loop only.
 */
final class ImlabConnection implements ClientTransport.TextHandler, ChatConnection {
    private static final long PING_MS = 25_000;
    private static final FrameCodec CODEC = new FrameCodec();

    private final ChatListener listener;
    /** clientMsgId to frame, until its send_ack. */
    private final Map<String, String> pending = new HashMap<>();
    private final CumulativeAcks acks = new CumulativeAcks();
    private Channel channel;

    ImlabConnection(ChatListener listener) {
        this.listener = listener;
    }

    static CompletableFuture<ChatConnection> open(ClientTransport transport, URI wsUri, ChatListener listener) {
        ImlabConnection c = new ImlabConnection(listener);
        return transport.webSocket(wsUri, null, c).thenApply(ch -> {
            c.start(ch);
            return c;
        });
    }

    /** The WebSocket is open: pings and the ack flush start. */
    void start(Channel ch) {
        channel = ch;
        var loop = ch.eventLoop();
        long first = PING_MS - (long) (Math.random() * 5_000); // spread the pings of many idle connections
        var ping = loop.scheduleAtFixedRate(() -> ClientTransport.sendText(ch, "{\"type\":\"ping\"}"), first, PING_MS,
                TimeUnit.MILLISECONDS);
        var flush = loop.scheduleAtFixedRate(this::flushAcks, CumulativeAcks.FLUSH_MS, CumulativeAcks.FLUSH_MS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(x -> {
            ping.cancel(false);
            flush.cancel(false);
        });
    }

    @Override
    public void execute(Runnable task) {
        ClientTransport.onEventLoop(channel, task);
    }

    @Override
    public void send(String toUser, long counter, String body) {
        // The run number from the body keeps clientMsgIds unique across runs: imlab would answer a
        // repeated one with its first send_ack and store nothing (dedupe), as the protocol says.
        String id = body.substring(0, body.indexOf(':')) + "-" + counter;
        String frame = "{\"type\":\"send\",\"clientMsgId\":\"" + id + "\",\"to\":\"" + toUser + "\",\"body\":\"" + body + "\"}";
        pending.put(id, frame);
        ClientTransport.sendText(channel, frame);
    }

    @Override
    public void onText(Channel ch, String text) {
        ServerFrame frame = CODEC.decodeServer(text);
        if (frame instanceof ServerFrame.Push p) {
            Message m = p.message();
            if (acks.received(m.conversationId(), m.seq())) {
                listener.received(m.body());
            }
            if (acks.due()) {
                flushAcks();
            }
        } else if (frame instanceof ServerFrame.SendAck a) {
            if (pending.remove(a.clientMsgId()) != null) {
                listener.acked(Long.parseLong(a.clientMsgId(), a.clientMsgId().indexOf('-') + 1, a.clientMsgId().length(), 10));
            }
        } else if (frame instanceof ServerFrame.Error e) {
            String resend = e.ref() == null ? null : pending.get(e.ref());
            if (resend != null && (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.RATE_LIMITED)) {
                long delay = e.retryAfterMs() == null ? 50 : Math.max(1, e.retryAfterMs());
                ch.eventLoop().schedule(() -> ClientTransport.sendText(ch, resend), delay, TimeUnit.MILLISECONDS);
            } else if (resend != null) {
                pending.remove(e.ref()); // refused for good: never acked, so the checker does not expect it
            }
        }
    }

    /** Sends the cumulative ack of every conversation that moved. */
    void flushAcks() {
        acks.flush((conversationId, upTo) -> ClientTransport.sendText(channel, CumulativeAcks.frame("ack", conversationId, upTo)));
    }

    @Override
    public void onClose(Channel ch) {
    }

    @Override
    public void close() {
        channel.close();
    }
}
