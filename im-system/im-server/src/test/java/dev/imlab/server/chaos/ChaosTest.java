package dev.imlab.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.ToIntFunction;
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

    /** Runs traffic, calls {@code fault} two seconds in (it returns the evidence count), settles, checks. */
    private static void survive(String scenario, ToIntFunction<ChaosTraffic> fault) throws Exception {
        try (ChaosTraffic traffic = new ChaosTraffic(cluster.baseUri(), scenario, PAIRS, INTERVAL)) {
            traffic.start();
            Thread.sleep(2_000);
            int hit = fault.applyAsInt(traffic);
            Thread.sleep(2_000);
            traffic.stopSending();
            int unacked = traffic.awaitAcks(SETTLE);
            boolean settled = traffic.awaitDelivered(SETTLE);
            DeliveryChecker.Counts counts = traffic.checker.counts();
            System.out.printf("chaos %-22s sent=%d %s unacked=%d in-flight-at-fault=%d%n", scenario, traffic.sent(),
                    counts, unacked, hit);
            assertThat(unacked).as("sends that never got a send_ack").isZero();
            assertThat(settled).as("every device got every acked message: %s", counts).isTrue();
            assertThat(counts.clean()).as("%s", counts).isTrue();
            assertThat(counts.acked()).isPositive();
            assertThat(hit).as("messages in flight when the fault struck").isPositive();
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
        survive("transfer-kill", traffic -> {
            long at = System.nanoTime();
            cluster.killTransfer(0);
            sleep(1_000);
            return traffic.inFlightAt(at);
        });
        cluster.startTransfer(0); // back to two for the next scenarios
    }

    @Test
    @Order(2)
    void gatewayStopped_clientsMoveToTheOther() throws Exception {
        survive("gateway-stop", traffic -> {
            long at = System.nanoTime();
            cluster.stopGateway(0);
            sleep(3_000);
            return traffic.inFlightAt(at);
        });
        cluster.startGateway(0);
    }

    @Test
    @Order(3)
    void redisRestartedWithItsDataGone() throws Exception {
        survive("redis-restart", traffic -> {
            long at = System.nanoTime();
            cluster.restartRedisEmpty();
            sleep(3_000);
            return traffic.inFlightAt(at);
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
            return traffic.inFlightAt(at);
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
            return traffic.inFlightAt(at);
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
            return traffic.inFlightAtDrops();
        });
    }
}
