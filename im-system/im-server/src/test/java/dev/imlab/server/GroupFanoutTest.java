package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.infra.Infrastructure;
import dev.imlab.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 2,000-member group whose online members are spread over two gateways: the shared server
 * (all roles) and a second process-like server running only a gateway on the same Kafka, Redis
 * and MongoDB.
 */
class GroupFanoutTest {
    private static final int MEMBERS = 2_000;
    private static final int ONLINE_PER_GATEWAY = 40;

    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void startSecondGateway() {
        first = TestServer.shared();
        Infrastructure infra = first.infrastructure();
        // Same data folder: the same token secret, so a token from either gateway works on both.
        second = TestServer.start(first.dataDir(), "imlab.roles=gateway",
                "imlab.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "imlab.redis.uri=" + infra.redisUri(),
                "imlab.mongodb.uri=" + infra.mongoUri());
    }

    @AfterAll
    static void stopSecondGateway() {
        if (second != null) {
            second.close();
        }
    }

    /** Registers {@code count} users, a few at a time. */
    private static List<String> register(GroupHttp http, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> pending = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                pending.add(pool.submit(() -> http.newUser("member")));
            }
            List<String> users = new ArrayList<>(count);
            for (Future<String> f : pending) {
                users.add(f.get());
            }
            return users;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void groupOf2000_overTwoGateways_reachesEveryOnlineDevice_andTheOfflineOnesCatchUp() throws Exception {
        GroupHttp viaFirst = new GroupHttp(first.baseUri());
        GroupHttp viaSecond = new GroupHttp(second.baseUri());
        String owner = viaFirst.newUser("owner");
        List<String> others = register(viaFirst, MEMBERS - 1);
        String groupId = GroupHttp.uniqueName("big");
        String conversation = ConversationId.group(groupId).value();
        GroupHttp.Answer created = viaSecond.create(viaSecond.token(owner, "http"), groupId, others);
        assertThat(created.status()).as("%s", created.error()).isEqualTo(201);
        assertThat(created.members()).hasSize(MEMBERS);

        List<WireDevice> online = new ArrayList<>();
        try {
            WireDevice ownerPhone = WireDevice.connect(viaFirst, owner, "phone");
            WireDevice ownerLaptop = WireDevice.connect(viaSecond, owner, "laptop");
            online.add(ownerPhone);
            online.add(ownerLaptop);
            for (int i = 0; i < 2 * ONLINE_PER_GATEWAY; i++) {
                GroupHttp gateway = i % 2 == 0 ? viaFirst : viaSecond;
                online.add(WireDevice.connect(gateway, others.get(i), "phone"));
            }

            for (int seq = 1; seq <= 3; seq++) {
                ServerFrame.SendAck ack = ownerPhone.sendToGroupAndAwaitAck(groupId, "big-" + seq, "to all #" + seq);
                assertThat(ack.seq()).isEqualTo(seq);
            }

            for (WireDevice device : online.subList(1, online.size())) {
                List<Message> pushes = device.awaitPushes(conversation, 3);
                assertThat(pushes).as(device.userId).extracting(Message::seq).containsExactly(1L, 2L, 3L);
                assertThat(pushes).extracting(Message::groupId).containsOnly(groupId);
            }
            ownerPhone.roundTrip();
            assertThat(ownerPhone.pushes(conversation)).as("the sending device gets send_acks instead").isEmpty();

            String offline = others.get(MEMBERS - 2);
            WireDevice late = WireDevice.connect(viaSecond, offline, "phone");
            online.add(late);
            assertThat(late.syncState(conversation)).isEqualTo(new ServerFrame.ConversationState(conversation, 3, 0));
            assertThat(late.pull(conversation, 1, 3)).extracting(Message::body)
                    .containsExactly("to all #1", "to all #2", "to all #3");
        } finally {
            online.forEach(WireDevice::close);
        }
    }
}
