package dev.imlab.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.embedded.EmbeddedKafka;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.embedded.EmbeddedRedis;
import dev.imlab.server.support.ServerProcess;
import dev.imlab.testsupport.check.DeliveryCounts;
import dev.imlab.transfer.TransferService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart under steady traffic: two transfers and two gateways (each with push and
 * confirm), every one in a JVM of its own behind a health-checked proxy, are stopped with SIGTERM
 * one by one, waited for, started again and waited for, while SDK clients chat. Then: lost,
 * duplicated, gaps and out-of-order all 0; every client back within a bound after each gateway's
 * drain; and no reconnect storm: the connects per second the proxy saw while a gateway drained stay
 * under what the drain's spread allows ({@link #stormBound}), well under "all at once".
 *
 * <p>The figures go to {@code target/rolling-restart.txt} and the docs (operations.adoc).
 */
class RollingRestartTest {
    private static final int PAIRS = 10;
    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final Duration SPREAD = Duration.ofSeconds(4);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /** How long after a gateway's SIGTERM every client must be connected again. */
    private static final Duration BACK_WITHIN = DRAIN_TIMEOUT.plusSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** A JVM starts in about 15 s on a quiet 2-core machine, and took 115 s on a busy one. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    /** Above the mean N / spread: the busiest second of a uniform spread, and a retry or two. */
    private static final double SAFETY = 2.5;
    private static final int SLACK = 3;

    @TempDir
    static Path dir;
    private static EmbeddedRedis redis;
    private static EmbeddedMongo mongo;
    private static EmbeddedKafka kafka;
    private static int kafkaPort;
    private static final ServerProcess[] transfers = new ServerProcess[2];
    private static final ServerProcess[] gateways = new ServerProcess[2];
    private static TcpProxy proxy;

    @BeforeAll
    static void startCluster() throws Exception {
        kafkaPort = ChaosCluster.freePort();
        CompletableFuture<EmbeddedKafka> startingKafka =
                CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort));
        redis = EmbeddedRedis.start(ChaosCluster.freePort());
        mongo = EmbeddedMongo.start(dir.resolve("mongo"), ChaosCluster.freePort(), false);
        kafka = startingKafka.join();
        String tokenSecret = UUID.randomUUID() + "-" + UUID.randomUUID();
        List<String> infra = List.of("--imlab.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
                "--imlab.redis.uri=" + redis.uri(), "--imlab.mongodb.uri=" + mongo.connectionString(),
                "--imlab.auth.token-secret=" + tokenSecret);
        for (int i = 0; i < 2; i++) {
            List<String> args = new ArrayList<>(infra);
            args.addAll(List.of("--imlab.roles=transfer", "--imlab.instance-id=t" + i));
            transfers[i] = new ServerProcess(dir.resolve("transfer-" + i)).withArgs(args, () -> transferMembers() == 2)
                    .startTimeout(START_TIMEOUT);
            args = new ArrayList<>(infra);
            args.addAll(List.of("--imlab.roles=gateway,push,confirm", "--imlab.instance-id=g" + i,
                    "--imlab.gateway.id=gw-rolling-" + i, "--imlab.gateway.drain.timeout=" + DRAIN_TIMEOUT.toSeconds() + "s",
                    "--imlab.gateway.drain.spread=" + SPREAD.toSeconds() + "s"));
            gateways[i] = new ServerProcess(dir.resolve("gateway-" + i)).withArgs(args, null).startTimeout(START_TIMEOUT);
        }
        // Each transfer is ready once the group has both (a restarted one: once it is back); two JVMs at a time.
        CompletableFuture.allOf(CompletableFuture.runAsync(transfers[0]::start),
                CompletableFuture.runAsync(transfers[1]::start)).join();
        CompletableFuture.allOf(CompletableFuture.runAsync(gateways[0]::start),
                CompletableFuture.runAsync(gateways[1]::start)).join();
        proxy = TcpProxy.healthChecked(List.of(gateways[0].baseUri().getPort(), gateways[1].baseUri().getPort()));
        awaitBothGatewaysBehindTheProxy();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (ServerProcess p : gateways) {
            if (p != null) {
                p.close();
            }
        }
        for (ServerProcess p : transfers) {
            if (p != null) {
                p.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** One process's restart, as measured. */
    private record Restart(String process, long stopMs, long startMs, int clientsMoved, int peakConnectsPerSecond,
                           int bound, long allBackMs) {
        String line() {
            return clientsMoved < 0
                    ? String.format("%-10s SIGTERM->exit %5d ms, start->ready %5d ms", process, stopMs, startMs)
                    : String.format("%-10s SIGTERM->exit %5d ms, start->ready %5d ms, clients moved %2d, "
                            + "peak connects %2d/s (bound %2d/s), every client back %5d ms after SIGTERM",
                    process, stopMs, startMs, clientsMoved, peakConnectsPerSecond, bound, allBackMs);
        }
    }

    @Test
    void everyProcessRestartedOneByOne_underTraffic_losesNothing_andCausesNoReconnectStorm() throws Exception {
        URI baseUri = URI.create("http://127.0.0.1:" + proxy.port());
        List<Restart> restarts = new ArrayList<>();
        try (ChaosTraffic traffic = new ChaosTraffic(baseUri, "rolling", PAIRS, INTERVAL)) {
            awaitAllConnected(traffic, Duration.ofSeconds(30));
            traffic.start();
            Thread.sleep(2_000); // steady traffic before the first restart
            for (int i = 0; i < 2; i++) {
                restarts.add(restartTransfer(i));
            }
            // The busier gateway first: its devices move to the other, and then all of them move back.
            int first = connections(gateways[0]) >= connections(gateways[1]) ? 0 : 1;
            restarts.add(restartGateway(first, traffic));
            restarts.add(restartGateway(1 - first, traffic));
            Thread.sleep(2_000); // steady traffic after the last one
            traffic.stopSending();

            int unacked = traffic.awaitAcks(SETTLE);
            boolean settled = traffic.awaitDelivered(SETTLE);
            List<String> unread = traffic.awaitAllRead(SETTLE);
            DeliveryCounts counts = traffic.checker.counts();
            List<String> lines = new ArrayList<>();
            lines.add(String.format("rolling restart: %d clients, %d sends (recalls %d), %s, unacked %d",
                    traffic.clientCount(), traffic.sent(), traffic.recalls(), counts, unacked));
            restarts.forEach(r -> lines.add(r.line()));
            lines.forEach(System.out::println);
            Path report = Path.of("target", "rolling-restart.txt");
            Files.createDirectories(report.getParent());
            Files.write(report, lines);

            assertThat(unacked).as("sends that never got a send_ack").isZero();
            assertThat(settled).as("every device got every acked message: %s", counts).isTrue();
            assertThat(counts.clean()).as("lost, duplicated, gaps, out of order: %s", counts).isTrue();
            assertThat(counts.acked()).isPositive();
            assertThat(traffic.recallsRefused()).isEmpty();
            assertThat(unread).isEmpty();
            for (Restart r : restarts.subList(2, 4)) {
                assertThat(r.peakConnectsPerSecond()).as("connects per second while %s drained", r.process())
                        .isLessThanOrEqualTo(r.bound());
                assertThat(r.allBackMs()).as("every client back after %s's SIGTERM", r.process())
                        .isLessThanOrEqualTo(BACK_WITHIN.toMillis());
            }
            Restart last = restarts.get(3);
            assertThat(last.clientsMoved()).as("the last drain moves every client").isEqualTo(traffic.clientCount());
            assertThat(last.bound()).as("a bound that a storm (all at once) would break").isLessThan(last.clientsMoved());
        }
    }

    private static Restart restartTransfer(int i) {
        long stopMs = transfers[i].terminate(Duration.ofSeconds(60)).toMillis();
        long start = System.nanoTime();
        transfers[i].start(); // ready: the group has two members again
        return new Restart("transfer-" + i, stopMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), -1, 0, 0, 0);
    }

    private static Restart restartGateway(int i, ChaosTraffic traffic) throws InterruptedException {
        int moving = connections(gateways[i]);
        long sigterm = System.nanoTime();
        long stopMs = gateways[i].terminate(DRAIN_TIMEOUT.plusSeconds(40)).toMillis();
        awaitAllConnected(traffic, BACK_WITHIN.plusSeconds(10));
        long allBack = System.nanoTime();
        int peak = peakPerSecond(proxy.acceptedAtNanos(), sigterm, allBack);
        long start = System.nanoTime();
        gateways[i].start(); // ready: health 200
        awaitBothGatewaysBehindTheProxy(); // before the next drain, which needs somewhere to send its devices
        return new Restart("gateway-" + i, stopMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), moving,
                peak, stormBound(moving), TimeUnit.NANOSECONDS.toMillis(allBack - sigterm));
    }

    /**
     * The most connects per second a drain of {@code clients} may cause: they come at clients / spread
     * per second on average, uniformly; the busiest second of such a spread stays under
     * {@value #SAFETY} times the mean, plus {@value #SLACK} for a device whose first try met the
     * draining gateway before the proxy's health check noticed it, and tried again.
     */
    static int stormBound(int clients) {
        return (int) Math.ceil(clients * 1000.0 / SPREAD.toMillis() * SAFETY) + SLACK;
    }

    /** The most of {@code times} (nanos) within any one-second window between {@code from} and {@code to}. */
    static int peakPerSecond(List<Long> times, long from, long to) {
        List<Long> in = times.stream().filter(t -> t >= from && t <= to).sorted().toList();
        int peak = 0;
        int lo = 0;
        for (int hi = 0; hi < in.size(); hi++) {
            while (in.get(hi) - in.get(lo) >= TimeUnit.SECONDS.toNanos(1)) {
                lo++;
            }
            peak = Math.max(peak, hi - lo + 1);
        }
        return peak;
    }

    private static void awaitBothGatewaysBehindTheProxy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (proxy.backendsUp() < 2) {
            assertThat(System.nanoTime()).as("both gateways healthy behind the proxy").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until every client is connected; returns how long since it was called, in ms. */
    private static long awaitAllConnected(ChaosTraffic traffic, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (traffic.connectedClients() < traffic.clientCount()) {
            assertThat(System.nanoTime()).as("%d of %d clients connected", traffic.connectedClients(),
                    traffic.clientCount()).isLessThan(deadline);
            Thread.sleep(50);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Connections the gateway process holds now: its {@code imlab_gateway_connections} gauge on {@code /metrics}. */
    private static int connections(ServerProcess gateway) {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.baseUri() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^imlab_gateway_connections(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
            if (!m.find()) {
                throw new IllegalStateException("no imlab_gateway_connections in the gateway's /metrics");
            }
            return (int) Double.parseDouble(m.group(1));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read the gateway's metrics", e);
        }
    }

    private static int transferMembers() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
            return admin.describeConsumerGroups(List.of(TransferService.GROUP_ID)).all().get()
                    .get(TransferService.GROUP_ID).members().size();
        } catch (Exception e) {
            return 0;
        }
    }
}
