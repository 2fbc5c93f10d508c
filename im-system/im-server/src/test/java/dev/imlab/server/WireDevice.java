package dev.imlab.server;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One device that speaks nothing but PROTOCOL.md, over the JDK WebSocket. It keeps every frame
 * it receives, so a test can wait for a send_ack without losing the pushes that came first.
 */
final class WireDevice implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long WAIT_MS = 20_000;

    final String userId;
    final String deviceId;
    private final List<ServerFrame> frames = new ArrayList<>(); // guarded by this
    private final WebSocket socket;

    private WireDevice(URI webSocket, String userId, String deviceId) {
        this.userId = userId;
        this.deviceId = deviceId;
        StringBuilder partial = new StringBuilder();
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(webSocket, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received(CODEC.decodeServer(partial.toString()));
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects with a fresh token of this device. */
    static WireDevice connect(GroupHttp http, String userId, String deviceId) {
        return new WireDevice(http.webSocketUri(http.token(userId, deviceId)), userId, deviceId);
    }

    private synchronized void received(ServerFrame frame) {
        frames.add(frame);
        notifyAll();
    }

    void send(ClientFrame frame) {
        socket.sendText(CODEC.encode(frame), true).join();
    }

    void sendToGroup(String groupId, String clientMsgId, String body) {
        send(new ClientFrame.Send(clientMsgId, null, groupId, body));
    }

    ServerFrame.SendAck sendToGroupAndAwaitAck(String groupId, String clientMsgId, String body) {
        sendToGroup(groupId, clientMsgId, body);
        return take(ServerFrame.SendAck.class, a -> a.clientMsgId().equals(clientMsgId));
    }

    ServerFrame.SyncResult sync() {
        send(new ClientFrame.Sync());
        return take(ServerFrame.SyncResult.class, r -> true);
    }

    /** The state of one conversation in a fresh {@code sync_result}, or null if it is not listed. */
    ServerFrame.ConversationState syncState(String conversationId) {
        return sync().conversations().stream().filter(c -> c.conversationId().equals(conversationId))
                .findFirst().orElse(null);
    }

    List<Message> pull(String conversationId, long fromSeq, long toSeq) {
        send(new ClientFrame.Pull(conversationId, fromSeq, toSeq, FrameCodec.DEFAULT_PULL_LIMIT));
        return take(ServerFrame.PullResult.class, r -> r.conversationId().equals(conversationId)).messages();
    }

    void ack(String conversationId, long seq) {
        send(new ClientFrame.Ack(conversationId, seq));
    }

    /** The next error frame answering {@code ref} (a clientMsgId, or a request type). */
    ServerFrame.Error error(String ref) {
        return take(ServerFrame.Error.class, e -> ref.equals(e.ref()));
    }

    /** A ping answered: everything the server meant to send this device before it is here by now. */
    void roundTrip() {
        send(new ClientFrame.Ping());
        take(ServerFrame.Pong.class, p -> true);
    }

    /**
     * The pushes of a conversation received so far, in arrival order, each seq once: this device
     * never acks, so the server re-sends what it pushed (PROTOCOL.md rules 3 and 4).
     */
    synchronized List<Message> pushes(String conversationId) {
        Map<Long, Message> bySeq = new LinkedHashMap<>();
        for (ServerFrame frame : frames) {
            if (frame instanceof ServerFrame.Push push && push.message().conversationId().equals(conversationId)) {
                bySeq.putIfAbsent(push.message().seq(), push.message());
            }
        }
        return List.copyOf(bySeq.values());
    }

    /** Waits until at least {@code count} pushes of the conversation arrived; returns them all. */
    synchronized List<Message> awaitPushes(String conversationId, int count) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (pushes(conversationId).size() < count) {
            waitUntil(deadline, count + " pushes of " + conversationId + ", got " + pushes(conversationId));
        }
        return pushes(conversationId);
    }

    /** Removes and returns the first frame of this type that matches; waits for it if need be. */
    synchronized <T extends ServerFrame> T take(Class<T> type, Predicate<T> wanted) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            for (Iterator<ServerFrame> it = frames.iterator(); it.hasNext(); ) {
                ServerFrame frame = it.next();
                if (type.isInstance(frame) && wanted.test(type.cast(frame))) {
                    it.remove();
                    return type.cast(frame);
                }
            }
            waitUntil(deadline, "a " + type.getSimpleName() + " frame; have " + frames);
        }
    }

    private void waitUntil(long deadline, String what) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw new AssertionError(userId + "/" + deviceId + " waited " + WAIT_MS + " ms for " + what);
        }
        try {
            wait(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
