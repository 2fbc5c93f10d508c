package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.client.ImClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.ServerProcess;
import dev.imlab.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What got a send_ack survives a {@code kill -9} of the whole server (gateway, roles and embedded
 * infrastructure in one process), and seqs continue where they stopped.
 */
class RestartDurabilityTest {
    @TempDir
    Path dataDir;

    @Test
    void everyAckedMessage_canBePulledAfterKill9_andNewMessagesContinueTheSeqs() throws Exception {
        Map<Long, String> acked = new ConcurrentHashMap<>();
        try (ServerProcess server = new ServerProcess(dataDir.resolve("data")).start()) {
            ImHttpApi http = new ImHttpApi(server.baseUri());
            http.register("alice", TestServer.password());
            http.register("bob", TestServer.password());
            ImClient alice = client(server, "alice");
            for (int i = 0; i < 20; i++) {
                ServerFrame.SendAck ack = alice.send("bob", "before " + i).get(30, TimeUnit.SECONDS);
                acked.put(ack.seq(), "before " + i);
            }
            // Keep sending while the process dies: some of these are acked, some are in flight.
            List<CompletableFuture<ServerFrame.SendAck>> inFlight = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = "during " + i;
                inFlight.add(alice.send("bob", body).thenApply(ack -> {
                    acked.put(ack.seq(), body);
                    return ack;
                }));
            }
            server.kill();
            alice.close();
            assertThat(acked).hasSizeGreaterThanOrEqualTo(20);
        }

        try (ServerProcess server = new ServerProcess(dataDir.resolve("data")).start()) {
            ImClient bob = client(server, "bob");
            String conversation = ConversationId.single("alice", "bob").value();
            List<Message> stored = new ArrayList<>();
            for (long from = 1; ; from += 200) {
                List<Message> page = bob.pull(conversation, from, from + 199, 200).get(30, TimeUnit.SECONDS);
                stored.addAll(page);
                if (page.size() < 200) {
                    break;
                }
            }
            long max = stored.size();
            System.out.printf("kill -9 durability: %d messages acked before the kill, %d stored after restart%n",
                    acked.size(), max);
            assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, max).boxed().toList());
            acked.forEach((seq, body) -> assertThat(stored.get((int) (seq - 1)).body()).isEqualTo(body));

            ImClient alice = client(server, "alice");
            ServerFrame.SendAck next = alice.send("bob", "after restart").get(60, TimeUnit.SECONDS);
            assertThat(next.seq()).isEqualTo(max + 1);
            alice.close();
            bob.close();
        }
    }

    private static ImClient client(ServerProcess server, String user) {
        ImClient client = ImClient.builder().baseUri(server.baseUri()).userId(user).password(TestServer.password())
                .deviceId("phone").build();
        client.connect();
        return client;
    }
}
