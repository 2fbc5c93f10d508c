package dev.imlab.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.testsupport.check.DeliveryCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery guarantees under fire. Each test runs steady traffic between pairs of SDK clients,
 * injects one fault while messages are in flight, heals it, lets everything settle, then counts:
 * lost, duplicated, gaps and out-of-order must all be 0, and the fault must have hit messages
 * that were in flight (sent before it, acked after it): a fault nobody noticed proves nothing.
 *
 * <p>Bounded: each scenario sends for a fixed few seconds and waits a bounded time to settle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosTest {
    private static final int PAIRS = 6;
    private static final Duration INTERVAL = Duration.ofMillis(40);
    private static final Duration SETTLE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static ChaosCluster cluster;
    /** The first scenario's conversations: by the last test their messages are older than the TTL. */
    private static final List<String> firstScenarioConversations = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ChaosCluster(dir);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Runs traffic, calls {@code fault} two seconds in, settles, checks. The fault returns how to
     * count the messages it hit, counted once everything has settled (a message held up by the
     * fault is acked only after it heals).
     */
    private static void survive(String scenario, Function<ChaosTraffic, IntSupplier> fault) throws Exception {
        try (ChaosTraffic traffic = new ChaosTraffic(cluster.baseUri(), scenario, PAIRS, INTERVAL)) {
            traffic.start();
            Thread.sleep(2_000);
            IntSupplier hits = fault.apply(traffic);
            Thread.sleep(2_000);
            traffic.stopSending();
            int unacked = traffic.awaitAcks(SETTLE);
            boolean settled = traffic.awaitDelivered(SETTLE);
            List<String> unread = traffic.awaitAllRead(SETTLE);
            DeliveryCounts counts = traffic.checker.counts();
            int hit = hits.getAsInt();
            System.out.printf("chaos %-22s sent=%d (recalls %d) %s expired-undelivered=%d unacked=%d in-flight-at-fault=%d%n",
                    scenario, traffic.sent(), traffic.recalls(), counts, traffic.checker.expiredUndelivered(), unacked, hit);
            if (firstScenarioConversations.isEmpty()) {
                firstScenarioConversations.addAll(traffic.conversations());
            }
            assertThat(unacked).as("sends that never got a send_ack").isZero();
            assertThat(settled).as("every device got every acked message: %s", counts).isTrue();
            assertThat(counts.clean()).as("%s", counts).isTrue();
            assertThat(counts.acked()).isPositive();
            assertThat(hit).as("messages in flight when the fault struck").isPositive();
            assertThat(traffic.recalls()).as("recalls in the traffic").isPositive();
            assertThat(traffic.recallsRefused()).as("recalls of own, recent messages refused").isEmpty();
            assertThat(unread).as("conversations with messages still unread after everyone read").isEmpty();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(1)
    void transferKilledMidBatch_secondInstanceTakesOver() throws Exception {
        int[] killed = {-1};
        survive("transfer-kill", traffic -> {
            // The one that owns a conversation of this traffic: killing the other would hit nothing.
            killed[0] = cluster.transferOwning(traffic.conversations().get(0));
            long at = System.nanoTime();
            cluster.killTransfer(killed[0]);
            sleep(1_000);
            return () -> traffic.inFlightAt(at);
        });
        cluster.startTransfer(killed[0]); // back to two for the next scenarios
    }

    @Test
    @Order(2)
    void gatewayStopped_clientsMoveToTheOther() throws Exception {
        int[] stopped = {-1};
        survive("gateway-stop", traffic -> {
            stopped[0] = cluster.busiestGateway(); // the proxy may have put most clients on either
            long at = System.nanoTime();
            cluster.stopGateway(stopped[0]);
            sleep(3_000);
            return () -> traffic.inFlightAt(at);
        });
        cluster.startGateway(stopped[0]);
    }

    @Test
    @Order(3)
    void redisRestartedWithItsDataGone() throws Exception {
        survive("redis-restart", traffic -> {
            long at = System.nanoTime();
            cluster.restartRedisEmpty();
            sleep(3_000);
            return () -> traffic.inFlightAt(at);
        });
    }

    @Test
    @Order(4)
    void kafkaBrokerRestarted() throws Exception {
        survive("kafka-restart", traffic -> {
            long at = System.nanoTime();
            cluster.stopKafka();
            sleep(3_000);
            cluster.startKafka();
            sleep(2_000);
            return () -> traffic.inFlightAt(at);
        });
    }

    @Test
    @Order(5)
    void mongoUnreachableForSeconds() throws Exception {
        survive("mongo-unreachable", traffic -> {
            long at = System.nanoTime();
            cluster.suspendMongo();
            sleep(5_000);
            cluster.resumeMongo();
            return () -> traffic.inFlightAt(at);
        });
    }

    @Test
    @Order(6)
    void clientsDroppingConnectionsAtRandom() throws Exception {
        survive("client-drops", traffic -> {
            for (int i = 0; i < 20; i++) {
                traffic.dropRandomClient();
                sleep(250);
            }
            return traffic::inFlightAtDrops;
        });
    }

    @Test
    @Order(7)
    void gatewayKilled_itsClientsReconnectToAnotherAndLoseNothing() throws Exception {
        survive("gateway-kill", traffic -> {
            assertThat(cluster.killableGatewayConnections()).as("clients on the gateway about to die").isPositive();
            long at = System.nanoTime();
            cluster.killGateway();
            sleep(3_000);
            return () -> traffic.inFlightAt(at);
        });
        cluster.restartKilledGateway();
    }

    /**
     * The reaper ran through every fault above (every second, TTL {@link ChaosCluster#TTL}): the
     * first scenario's messages are gone from storage, minSeq is past them, and seqs go on.
     */
    @Test
    @Order(8)
    void theFirstScenariosMessagesExpiredAndWereReclaimed() throws Exception {
        assertThat(firstScenarioConversations).isNotEmpty();
        long deadline = System.nanoTime() + ChaosCluster.TTL.plusSeconds(30).toNanos();
        List<String> left = cluster.conversationsWithStoredMessages(firstScenarioConversations);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = cluster.conversationsWithStoredMessages(firstScenarioConversations);
        }
        assertThat(left).as("conversations whose messages outlived the TTL").isEmpty();
    }
}
