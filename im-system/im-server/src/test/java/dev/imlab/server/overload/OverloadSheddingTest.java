package dev.imlab.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.ExtraRoles;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Overload shedding at the wire: a gateway whose transfer is stopped refuses new sends with
 * {@code UNAVAILABLE} once its pending sends reach the high mark, keeps serving acks, reads, syncs
 * and pulls, and takes sends again once the transfer is back and the backlog has drained; every
 * message that got a {@code send_ack}, before, during or after, is stored once.
 */
class OverloadSheddingTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRANSFER_ID = "shed-transfer";

    @Test
    void newSends_areRefusedWhileTheTransferIsBehind_andAcceptedOnceItCaughtUp_withNothingAcknowledgedLost()
            throws Exception {
        try (TestServer server = TestServer.start("imlab.roles=gateway,push,confirm",
                "imlab.gateway.shed.pending-high=5", "imlab.gateway.shed.pending-low=2",
                "imlab.gateway.shed.lag-high=0", "imlab.gateway.shed.lag-low=0")) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            String conversation = ConversationId.single(alice, bob).value();
            Map<String, String> acked = new LinkedHashMap<>(); // clientMsgId -> body, of every send_ack'd send
            try (RawSocket a = server.raw(alice, "phone"); RawSocket b = server.raw(bob, "phone")) {
                ExtraRoles transfer = ExtraRoles.start(server, "transfer", TRANSFER_ID);
                a.send(send("m0", bob, "before"));
                assertThat(sendAck(a, "m0").seq()).isEqualTo(1);
                acked.put("m0", "before");
                transfer.close(); // from here on, sends wait in Kafka with no one to store them

                for (int i = 1; i <= 5; i++) {
                    a.send(send("m" + i, bob, "queued " + i));
                }
                awaitStats(server, s -> s.path("pendingSends").asLong() == 5, "5 sends pending");
                a.send(send("m6", bob, "shed"));
                ServerFrame.Error refused = (ServerFrame.Error) a.next(f -> f instanceof ServerFrame.Error
                        || f instanceof ServerFrame.SendAck);
                assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(refused.ref()).isEqualTo("m6");
                JsonNode shedding = stats(server);
                assertThat(shedding.path("shedding").asBoolean()).isTrue();
                assertThat(shedding.path("sheds").asLong()).isEqualTo(1);
                assertThat(metric(server, "imlab_gateway_sheds_total")).isEqualTo(1);
                assertThat(metric(server, "imlab_gateway_shedding")).isEqualTo(1);
                a.send("{\"type\":\"recall\",\"clientMsgId\":\"r1\",\"conversationId\":\"" + conversation
                        + "\",\"seq\":1}");
                ServerFrame.Error recallRefused = (ServerFrame.Error) a.next(f -> f instanceof ServerFrame.Error
                        || f instanceof ServerFrame.SendAck);
                assertThat(recallRefused.code()).as("a recall is new work for the transfer too").isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(recallRefused.ref()).isEqualTo("r1");

                // What drains the backlog is never shed: an ack, a read, a sync and a pull all go through.
                b.next(f -> f instanceof ServerFrame.Push);
                b.send("{\"type\":\"ack\",\"conversationId\":\"" + conversation + "\",\"seq\":1}");
                b.send("{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"seq\":1}");
                b.send("{\"type\":\"sync\"}");
                assertThat(b.next(f -> !(f instanceof ServerFrame.Push))).as("no error for the ack or the read")
                        .isInstanceOf(ServerFrame.SyncResult.class);
                b.send(pull(conversation));
                assertThat(((ServerFrame.PullResult) b.next(f -> !(f instanceof ServerFrame.Push))).messages())
                        .extracting(Message::clientMsgId).containsExactly("m0");

                // The SDK re-sends a refused send with the same clientMsgId, with back-off, until it is taken.
                try (ImClient laptop = server.connect(alice, "laptop")) {
                    CompletableFuture<ServerFrame.SendAck> sdkSend =
                            laptop.send(new ClientFrame.Send("sdk-1", bob, null, "from the sdk"));
                    awaitStats(server, s -> s.path("sheds").asLong() >= 4, "the SDK's send shed twice");
                    assertThat(sdkSend).isNotDone();

                    transfer = ExtraRoles.start(server, "transfer", TRANSFER_ID);
                    try {
                        for (int i = 1; i <= 5; i++) {
                            assertThat(sendAck(a, "m" + i).seq()).isEqualTo(i + 1);
                            acked.put("m" + i, "queued " + i);
                        }
                        awaitStats(server, s -> !s.path("shedding").asBoolean(), "shedding stopped");
                        a.send(send("m6", bob, "shed"));
                        sendAck(a, "m6");
                        acked.put("m6", "shed");
                        assertThat(sdkSend.get(30, TimeUnit.SECONDS).clientMsgId()).isEqualTo("sdk-1");
                        acked.put("sdk-1", "from the sdk");
                    } finally {
                        transfer.close();
                    }
                }

                b.send(pull(conversation));
                List<Message> stored = ((ServerFrame.PullResult) b.next(f -> f instanceof ServerFrame.PullResult))
                        .messages();
                assertThat(stored).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
                Map<String, String> storedBodies = new LinkedHashMap<>();
                stored.forEach(m -> storedBodies.put(m.clientMsgId(), m.body()));
                assertThat(storedBodies).as("each acknowledged send stored once").isEqualTo(acked);
            }
        }
    }

    @Test
    void newSends_areRefused_whileTheTransfersConsumerLagIsAboveItsMark_evenWithFewSendsPendingHere() throws Exception {
        try (TestServer server = TestServer.start("imlab.roles=gateway,push,confirm",
                "imlab.gateway.shed.pending-high=1000", "imlab.gateway.shed.pending-low=500",
                "imlab.gateway.shed.lag-high=3", "imlab.gateway.shed.lag-low=1")) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            try (RawSocket a = server.raw(alice, "phone")) {
                ExtraRoles transfer = ExtraRoles.start(server, "transfer", TRANSFER_ID);
                a.send(send("m0", bob, "before"));
                sendAck(a, "m0"); // the transfer's group now has a committed offset to lag behind
                transfer.close();

                for (int i = 1; i <= 3; i++) {
                    a.send(send("m" + i, bob, "queued " + i));
                }
                awaitStats(server, s -> s.path("consumerLag").path("im-transfer").asLong() >= 3
                        && s.path("shedding").asBoolean(), "the lag of 3 read and shedding on");
                a.send(send("m4", bob, "shed"));
                ServerFrame.Error refused = (ServerFrame.Error) a.next(f -> f instanceof ServerFrame.Error
                        || f instanceof ServerFrame.SendAck);
                assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(refused.ref()).isEqualTo("m4");

                transfer = ExtraRoles.start(server, "transfer", TRANSFER_ID);
                try {
                    for (int i = 1; i <= 3; i++) {
                        sendAck(a, "m" + i);
                    }
                    awaitStats(server, s -> !s.path("shedding").asBoolean(), "shedding stopped once the lag was read low");
                    a.send(send("m4", bob, "shed"));
                    assertThat(sendAck(a, "m4").seq()).isEqualTo(5);
                } finally {
                    transfer.close();
                }
            }
        }
    }

    private static String send(String clientMsgId, String to, String body) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"to\":\"" + to + "\",\"body\":\"" + body + "\"}";
    }

    private static String pull(String conversation) {
        return "{\"type\":\"pull\",\"conversationId\":\"" + conversation + "\",\"fromSeq\":1,\"toSeq\":100}";
    }

    /** The send_ack for {@code clientMsgId}; an error for it fails the test. */
    private static ServerFrame.SendAck sendAck(RawSocket socket, String clientMsgId) {
        ServerFrame frame = socket.next(f -> f instanceof ServerFrame.SendAck ack && ack.clientMsgId().equals(clientMsgId)
                || f instanceof ServerFrame.Error error && clientMsgId.equals(error.ref()), 30);
        assertThat(frame).as(clientMsgId).isInstanceOf(ServerFrame.SendAck.class);
        return (ServerFrame.SendAck) frame;
    }

    static JsonNode stats(TestServer server) throws Exception {
        return JSON.readTree(get(server, "/api/v1/stats"));
    }

    /** Polls {@code /api/v1/stats} until {@code condition} holds; fails after 30 s. */
    static void awaitStats(TestServer server, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = stats(server);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what + "; last stats " + last);
            }
            Thread.sleep(50);
            last = stats(server);
        }
    }

    /** A sample of {@code GET /metrics}, summed over its labels. */
    static long metric(TestServer server, String name) throws Exception {
        double sum = 0;
        List<String> found = new ArrayList<>();
        for (String line : get(server, "/metrics").split("\n")) {
            if (!line.startsWith("#") && (line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found.add(line);
            }
        }
        assertThat(found).as("%s on /metrics", name).isNotEmpty();
        return Math.round(sum);
    }

    private static String get(TestServer server, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
