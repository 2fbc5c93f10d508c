package dev.imlab.server.chaos;

import dev.imlab.bus.Topics;
import dev.imlab.embedded.EmbeddedKafka;
import dev.imlab.embedded.EmbeddedMongo;
import dev.imlab.embedded.EmbeddedRedis;
import dev.imlab.embedded.internal.FreePort;
import dev.imlab.server.ImlabServerApplication;
import dev.imlab.server.roles.ImlabRoles;
import dev.imlab.server.support.ServerProcess;
import dev.imlab.storage.Storage;
import dev.imlab.transfer.TransferService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A small imlab cluster to break: Kafka, Redis and MongoDB embedded in this JVM (so the test can
 * restart or cut them), two transfer processes in JVMs of their own (so one can be killed with
 * SIGKILL), two gateways (each also running push and confirm) in this JVM and a third in a JVM of
 * its own (to be killed), and a TCP proxy in front of the gateways that clients connect through.
 */
final class ChaosCluster implements AutoCloseable {
    /** Partitions of the shared topics: the server's default ({@code imlab.kafka.partitions}). */
    private static final int PARTITIONS = 8;
    /**
     * Messages expire this long after they were stored, and the reaper looks every second: the
     * first scenarios' messages are deleted while the later scenarios' faults strike.
     */
    static final Duration TTL = Duration.ofSeconds(45);
    private final Path dir;
    private final int kafkaPort = freePort();
    private final int[] gatewayPorts = {freePort(), freePort()};
    private final String tokenSecret = UUID.randomUUID() + "-" + UUID.randomUUID();
    private final EmbeddedRedis redis;
    private final EmbeddedMongo mongo;
    private volatile EmbeddedKafka kafka;
    private final ServerProcess[] transfers = new ServerProcess[2];
    private final ConfigurableApplicationContext[] gateways = new ConfigurableApplicationContext[2];
    /** A third gateway, in a JVM of its own, to be killed with SIGKILL. */
    private final ServerProcess killableGateway;
    private final TcpProxy proxy;

    ChaosCluster(Path dir) throws Exception {
        this.dir = dir;
        CompletableFuture<EmbeddedKafka> startingKafka =
                CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort));
        this.redis = EmbeddedRedis.start(freePort());
        this.mongo = EmbeddedMongo.start(dir.resolve("mongo"), freePort(), false);
        this.kafka = startingKafka.join();
        CompletableFuture<?> t0 = CompletableFuture.runAsync(() -> startTransfer(0));
        CompletableFuture<?> t1 = CompletableFuture.runAsync(() -> startTransfer(1));
        List<String> args = new ArrayList<>(infrastructureArgs());
        args.addAll(List.of("--imlab.roles=gateway,push,confirm", "--imlab.gateway.id=gw-chaos-killable"));
        this.killableGateway = new ServerProcess(dir.resolve("gateway-killable")).withArgs(args, null);
        CompletableFuture<?> g2 = CompletableFuture.runAsync(killableGateway::start);
        startGateway(0);
        startGateway(1);
        CompletableFuture.allOf(t0, t1, g2).join();
        this.proxy = new TcpProxy(List.of(gatewayPorts[0], gatewayPorts[1], killableGateway.baseUri().getPort()));
    }

    /** Where clients connect: the proxy, for HTTP and WebSocket alike. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + proxy.port());
    }

    private List<String> infrastructureArgs() {
        return List.of(
                "--imlab.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort,
                "--imlab.redis.uri=" + redis.uri(),
                "--imlab.mongodb.uri=" + mongo.connectionString(),
                "--imlab.auth.token-secret=" + tokenSecret,
                "--imlab.retention.message-ttl=" + TTL.toSeconds() + "s",
                "--imlab.retention.reap-interval=1s");
    }

    /** Those of the conversations that still have a message in MongoDB. */
    List<String> conversationsWithStoredMessages(List<String> conversationIds) {
        try (Storage storage = new Storage(mongo.connectionString(), "imlab")) {
            List<String> left = new ArrayList<>();
            for (String id : conversationIds) {
                long maxSeq = storage.conversations().maxSeq(id);
                if (!storage.messages().range(id, 1, maxSeq).isEmpty()) {
                    left.add(id);
                }
            }
            return left;
        }
    }

    void startTransfer(int i) {
        List<String> args = new ArrayList<>(infrastructureArgs());
        args.add("--imlab.roles=transfer");
        args.add("--imlab.instance-id=t" + i); // its consumer is "transfer-t<i>": see transferOwning
        int membersBefore = transferMembers();
        transfers[i] = new ServerProcess(dir.resolve("transfer-" + i))
                .withArgs(args, () -> transferMembers() > membersBefore)
                .start();
    }

    /** Which transfer process owns the partition of {@code conversationId} now; -1 if none does. */
    int transferOwning(String conversationId) {
        int partition = Utils.toPositive(Utils.murmur2(conversationId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        TopicPartition wanted = new TopicPartition(Topics.UPSTREAM, partition);
        try (Admin admin = admin()) {
            for (MemberDescription member : admin.describeConsumerGroups(List.of(TransferService.GROUP_ID)).all().get()
                    .get(TransferService.GROUP_ID).members()) {
                if (member.assignment().topicPartitions().contains(wanted)) {
                    return Integer.parseInt(member.clientId().substring("transfer-t".length()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the transfer group", e);
        }
        return -1;
    }

    /** SIGKILL, in the middle of whatever batch it is storing. */
    void killTransfer(int i) {
        transfers[i].kill();
    }

    boolean transferAlive(int i) {
        return transfers[i].isAlive();
    }

    void startGateway(int i) {
        List<String> properties = new ArrayList<>();
        for (String arg : infrastructureArgs()) {
            properties.add(arg.substring(2));
        }
        properties.addAll(List.of("imlab.roles=gateway,push,confirm", "imlab.gateway.port=" + gatewayPorts[i],
                "imlab.gateway.id=gw-chaos-" + i, "imlab.data-dir=" + dir.resolve("gateway-" + i),
                "imlab.auth.bcrypt-cost=4",
                // Every client comes through one proxy, from one address (ServerProcess, which runs the
                // other gateway, turns the limits off itself; a key given twice on its command line is a list).
                "imlab.limits.enabled=false"));
        gateways[i] = new SpringApplicationBuilder(ImlabServerApplication.class)
                .properties(properties.toArray(String[]::new)).run();
    }

    /** SIGKILL of the gateway in its own JVM: no close frames, no route clean-up, no goodbye to Redis. */
    void killGateway() {
        killableGateway.kill();
    }

    /** Starts the killed gateway again, on the same port and with the same id. */
    void restartKilledGateway() {
        killableGateway.start();
    }

    /** Connections the killable gateway holds now, from its {@code /api/v1/stats}. */
    int killableGatewayConnections() {
        try {
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(killableGateway.baseUri() + "/api/v1/stats")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return JsonMapper.builder().build().readTree(stats).path("connections").asInt();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the killable gateway's stats", e);
        }
    }

    /** The in-process gateway holding the most connections now. */
    int busiestGateway() {
        int busiest = 0;
        for (int i = 1; i < gateways.length; i++) {
            if (connections(i) > connections(busiest)) {
                busiest = i;
            }
        }
        return busiest;
    }

    private int connections(int i) {
        return gateways[i].getBean(ImlabRoles.class).gateway().sessions().size();
    }

    void stopGateway(int i) {
        gateways[i].close();
    }

    void restartRedisEmpty() {
        redis.restartEmpty();
    }

    void stopKafka() {
        kafka.close();
    }

    void startKafka() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort);
    }

    void suspendMongo() {
        mongo.suspend();
    }

    void resumeMongo() {
        mongo.resume();
    }

    /** Members of the transfer's consumer group; 0 while Kafka cannot tell. */
    int transferMembers() {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(TransferService.GROUP_ID)).all().get()
                    .get(TransferService.GROUP_ID).members().size();
        } catch (Exception e) {
            return 0;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000));
    }

    /** Never one that an embedded server of this JVM picked too (see {@link FreePort}). */
    static int freePort() {
        return FreePort.pick();
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        for (ConfigurableApplicationContext gateway : gateways) {
            if (gateway != null && gateway.isActive()) {
                gateway.close();
            }
        }
        killableGateway.close();
        for (ServerProcess transfer : transfers) {
            if (transfer != null) {
                transfer.close();
            }
        }
        kafka.close();
        mongo.close();
        redis.close();
    }
}
