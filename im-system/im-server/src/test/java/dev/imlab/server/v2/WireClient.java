package dev.imlab.server.v2;

import dev.imlab.server.support.TestServer;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One device that knows PROTOCOL.md and nothing of the server's code: it writes JSON text frames
 * and keeps every frame it receives as parsed JSON (not through the project's codec, which fills
 * in v2 defaults and would hide a missing field). Waits are bounded; nothing sleeps.
 *
 * <p>Two views of what arrived: {@link #history()} keeps everything in arrival order, for
 * ordering checks; {@link #take} removes the first match from the inbox, so a test can wait for a
 * {@code send_ack} without losing the pushes that came before it.
 */
final class WireClient implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A frame and when it arrived ({@link System#nanoTime()}). */
    record Received(JsonNode frame, long nanos) {
        String type() {
            return frame.path("type").asString();
        }
    }

    final String userId;
    final String deviceId;
    private final List<Received> history = new ArrayList<>(); // guarded by this
    private final List<Received> inbox = new ArrayList<>(); // guarded by this
    private final WebSocket socket;

    private WireClient(URI uri, String userId, String deviceId) {
        this.userId = userId;
        this.deviceId = deviceId;
        StringBuilder partial = new StringBuilder();
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            arrived(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static WireClient connect(TestServer server, String userId, String deviceId) {
        String token = server.http().token(userId, TestServer.password(), deviceId).token();
        return new WireClient(server.webSocketUri(token), userId, deviceId);
    }

    private synchronized void arrived(String text) {
        Received r = new Received(JSON.readTree(text), System.nanoTime());
        history.add(r);
        inbox.add(r);
        notifyAll();
    }

    // ---- client -> server ---------------------------------------------------------------

    void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    void sendFrame(ObjectNode frame) {
        sendRaw(JSON.writeValueAsString(frame));
    }

    static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    void send(String clientMsgId, String to, String body) {
        sendFrame(frame("send").put("clientMsgId", clientMsgId).put("to", to).put("body", body));
    }

    void sendToGroup(String clientMsgId, String groupId, String body) {
        sendFrame(frame("send").put("clientMsgId", clientMsgId).put("groupId", groupId).put("body", body));
    }

    /** Sends to a user and waits for the {@code send_ack}. */
    JsonNode sendAndAck(String clientMsgId, String to, String body) {
        send(clientMsgId, to, body);
        return sendAck(clientMsgId);
    }

    JsonNode sendToGroupAndAck(String clientMsgId, String groupId, String body) {
        sendToGroup(clientMsgId, groupId, body);
        return sendAck(clientMsgId);
    }

    void recall(String clientMsgId, String conversationId, long seq) {
        sendFrame(frame("recall").put("clientMsgId", clientMsgId).put("conversationId", conversationId).put("seq", seq));
    }

    JsonNode recallAndAck(String clientMsgId, String conversationId, long seq) {
        recall(clientMsgId, conversationId, seq);
        return sendAck(clientMsgId);
    }

    /** A recall that must be refused: the error frame answering it. */
    JsonNode recallRefused(String clientMsgId, String conversationId, long seq) {
        recall(clientMsgId, conversationId, seq);
        return takeAnswer(clientMsgId, "error");
    }

    void read(String conversationId, long seq) {
        sendFrame(frame("read").put("conversationId", conversationId).put("seq", seq));
    }

    void ack(String conversationId, long seq) {
        sendFrame(frame("ack").put("conversationId", conversationId).put("seq", seq));
    }

    JsonNode sync() {
        sendFrame(frame("sync"));
        return take("sync_result", f -> true);
    }

    /** This conversation's line of a fresh {@code sync_result}, or null when it is not listed. */
    JsonNode syncLine(String conversationId) {
        for (JsonNode line : sync().path("conversations")) {
            if (conversationId.equals(line.path("conversationId").asString())) {
                return line;
            }
        }
        return null;
    }

    /** Syncs until the line of the conversation matches, within {@link #WAIT}; returns that line. */
    JsonNode awaitSyncLine(String conversationId, Predicate<JsonNode> wanted, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode line = null;
        while (System.nanoTime() < deadline) {
            line = syncLine(conversationId);
            if (line != null && wanted.test(line)) {
                return line;
            }
            pause(50);
        }
        throw new AssertionError(userId + "/" + deviceId + ": sync line of " + conversationId + " never showed " + what
                + "; last: " + line);
    }

    JsonNode pull(String conversationId, long fromSeq, long toSeq) {
        sendFrame(frame("pull").put("conversationId", conversationId).put("fromSeq", fromSeq).put("toSeq", toSeq));
        return take("pull_result", r -> conversationId.equals(r.path("conversationId").asString()));
    }

    JsonNode pull(String conversationId, long fromSeq, long toSeq, int limit) {
        sendFrame(frame("pull").put("conversationId", conversationId).put("fromSeq", fromSeq).put("toSeq", toSeq)
                .put("limit", limit));
        return take("pull_result", r -> conversationId.equals(r.path("conversationId").asString()));
    }

    /** A ping answered with a pong. */
    void roundTrip() {
        sendFrame(frame("ping"));
        take("pong", f -> true);
    }

    // ---- server -> client ---------------------------------------------------------------

    JsonNode sendAck(String clientMsgId) {
        return takeAnswer(clientMsgId, "send_ack");
    }

    /**
     * The next {@code send_ack} or {@code error} answering {@code clientMsgId}; fails unless it is of
     * the {@code expected} type, showing what came instead.
     */
    JsonNode takeAnswer(String clientMsgId, String expected) {
        JsonNode answer = take(null, f -> ("send_ack".equals(f.path("type").asString())
                && clientMsgId.equals(f.path("clientMsgId").asString()))
                || ("error".equals(f.path("type").asString()) && clientMsgId.equals(f.path("ref").asString())));
        if (!expected.equals(answer.path("type").asString())) {
            throw new AssertionError(userId + "/" + deviceId + ": expected a " + expected + " for " + clientMsgId
                    + ", got " + answer);
        }
        return answer;
    }

    /** The next error frame with this {@code ref}. */
    JsonNode error(String ref) {
        return take("error", f -> ref.equals(f.path("ref").asString()));
    }

    /** Removes and returns the first frame of this type (any type if null) that matches; waits {@link #WAIT}. */
    JsonNode take(String type, Predicate<JsonNode> wanted) {
        return take(type, wanted, WAIT);
    }

    synchronized JsonNode take(String type, Predicate<JsonNode> wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (Iterator<Received> it = inbox.iterator(); it.hasNext(); ) {
                Received r = it.next();
                if ((type == null || type.equals(r.type())) && wanted.test(r.frame())) {
                    it.remove();
                    return r.frame();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(userId + "/" + deviceId + " waited " + wait.toMillis() + " ms for a "
                        + (type == null ? "frame" : type) + "; inbox: " + framesOf(inbox));
            }
            waitNanos(left);
        }
    }

    /** Every frame received so far, in arrival order. */
    synchronized List<Received> history() {
        return List.copyOf(history);
    }

    /** Frames of this type received so far, in arrival order. */
    synchronized List<JsonNode> received(String type) {
        return history.stream().filter(r -> type.equals(r.type())).map(Received::frame).toList();
    }

    /**
     * The pushes of a conversation received so far, in arrival order, each seq once (the server
     * may re-send a push this device has not acked: PROTOCOL.md rule 4).
     */
    synchronized List<JsonNode> pushes(String conversationId) {
        Map<Long, JsonNode> bySeq = new LinkedHashMap<>();
        for (Received r : history) {
            if ("push".equals(r.type()) && conversationId.equals(r.frame().path("conversationId").asString())) {
                bySeq.putIfAbsent(r.frame().path("seq").asLong(), r.frame());
            }
        }
        return List.copyOf(bySeq.values());
    }

    /** Waits until at least {@code count} distinct pushes of the conversation arrived; returns them all. */
    synchronized List<JsonNode> awaitPushes(String conversationId, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pushes(conversationId).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(userId + "/" + deviceId + " waited for " + count + " pushes of "
                        + conversationId + ", got " + pushes(conversationId));
            }
            waitNanos(left);
        }
        return pushes(conversationId);
    }

    /** When the first push of this conversation and seq arrived ({@link System#nanoTime()}), waiting for it. */
    synchronized long awaitPushNanos(String conversationId, long seq) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (Received r : history) {
                if ("push".equals(r.type()) && conversationId.equals(r.frame().path("conversationId").asString())
                        && r.frame().path("seq").asLong() == seq) {
                    return r.nanos();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(userId + "/" + deviceId + " never got push " + conversationId + "#" + seq);
            }
            waitNanos(left);
        }
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(200)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> framesOf(List<Received> received) {
        return received.stream().map(Received::frame).toList();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Closes with a close frame after whatever was sent, as a client that quits does (an abort may
     * reset the connection and lose frames the server has not read yet).
     */
    void closeGracefully() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
