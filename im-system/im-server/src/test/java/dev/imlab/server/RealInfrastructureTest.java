package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.roles.ImlabRoles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole server against real Kafka, Redis and MongoDB in containers, as a client sees it: plain
 * HTTP and the JDK's WebSocket client, no imlab code on the client side.
 *
 * <p>The other server tests run on the embedded stand-ins; this one proves the same message path
 * works on the real wire protocols (a real {@code mongod} rather than mongo-java-server, a Kafka
 * broker in its own container). Where no Docker engine is reachable the whole class is skipped,
 * not failed. Named {@code *Test}, not {@code *IT}, so that Surefire's default includes run it.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RealInfrastructureTest {
    // The broker version the embedded Kafka of im-embedded runs, so both paths test the same broker.
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.2"));

    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>(DockerImageName.parse("redis:7"))
            .withExposedPorts(6379);

    // Standalone, as in docker-compose.yml: imlab needs no replica set (no transactions, no change streams).
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(DockerImageName.parse("mongo:8.0"));

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration FRAME_WITHIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext server;
    private static HttpClient http;
    private static int port;

    @BeforeAll
    static void startServerAgainstContainers() throws Exception {
        server = new SpringApplicationBuilder(ImlabServerApplication.class)
                .properties(
                        "imlab.kafka.bootstrap-servers=" + KAFKA.getBootstrapServers(),
                        "imlab.redis.uri=redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379),
                        "imlab.mongodb.uri=" + MONGO.getConnectionString(),
                        "imlab.gateway.port=0",
                        "imlab.data-dir=" + dataDir,
                        "imlab.auth.bcrypt-cost=4")
                .run();
        port = server.getBean(ImlabRoles.class).gateway().port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        awaitHealthUp();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void health_isUp_whenRunningOnRealKafkaRedisAndMongo() throws Exception {
        HttpResponse<String> health = get("/api/v1/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
    }

    @Test
    void registeredUser_getsAToken_andAWrongPasswordGetsNone() throws Exception {
        HttpResponse<String> created = post("/api/v1/users", "{\"userId\":\"carol\",\"password\":\"carol-pass-1\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).path("userId").stringValue()).isEqualTo("carol");

        HttpResponse<String> token = post("/api/v1/auth/token",
                "{\"userId\":\"carol\",\"password\":\"carol-pass-1\",\"deviceId\":\"phone\"}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode issued = JSON.readTree(token.body());
        assertThat(issued.path("token").stringValue()).isNotBlank();
        assertThat(issued.path("expiresAt").longValue()).isGreaterThan(System.currentTimeMillis());

        HttpResponse<String> refused = post("/api/v1/auth/token",
                "{\"userId\":\"carol\",\"password\":\"not-carols-pass\",\"deviceId\":\"phone\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("error").stringValue()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void send_isAckedWithSeq1_andPushedToTheConnectedReceiver() throws Exception {
        String aliceToken = registerAndLogIn("alice", "web-1");
        String bobToken = registerAndLogIn("bob", "phone-1");
        Frames bob = new Frames();
        Frames alice = new Frames();
        WebSocket bobSocket = connect(bobToken, bob);
        WebSocket aliceSocket = connect(aliceToken, alice);
        try {
            aliceSocket.sendText("{\"type\":\"send\",\"clientMsgId\":\"m-1\",\"to\":\"bob\",\"body\":\"hello bob\"}", true)
                    .get(5, TimeUnit.SECONDS);

            JsonNode ack = alice.next();
            assertThat(ack.path("type").stringValue()).as(ack.toString()).isEqualTo("send_ack");
            assertThat(ack.path("clientMsgId").stringValue()).isEqualTo("m-1");
            assertThat(ack.path("conversationId").stringValue()).isEqualTo("si_alice_bob");
            assertThat(ack.path("seq").longValue()).isEqualTo(1);

            JsonNode push = bob.next();
            assertThat(push.path("type").stringValue()).as(push.toString()).isEqualTo("push");
            assertThat(push.path("conversationId").stringValue()).isEqualTo("si_alice_bob");
            assertThat(push.path("seq").longValue()).isEqualTo(1);
            assertThat(push.path("from").stringValue()).isEqualTo("alice");
            assertThat(push.path("body").stringValue()).isEqualTo("hello bob");
            assertThat(push.path("clientMsgId").stringValue()).isEqualTo("m-1");
            assertThat(push.path("serverTime").longValue()).isEqualTo(ack.path("serverTime").longValue());
        } finally {
            aliceSocket.abort();
            bobSocket.abort();
        }
    }

    // ---- fixtures --------------------------------------------------------------------

    private static void awaitHealthUp() throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = get("/api/v1/health");
                if (health.statusCode() == 200) {
                    return;
                }
                last = health.statusCode() + " " + health.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("health did not become UP within " + READY_WITHIN + "; last answer: " + last);
    }

    private static String registerAndLogIn(String userId, String deviceId) throws Exception {
        String password = userId + "-pass-1";
        HttpResponse<String> created = post("/api/v1/users",
                "{\"userId\":\"" + userId + "\",\"password\":\"" + password + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> token = post("/api/v1/auth/token",
                "{\"userId\":\"" + userId + "\",\"password\":\"" + password + "\",\"deviceId\":\"" + deviceId + "\"}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return JSON.readTree(token.body()).path("token").stringValue();
    }

    private static WebSocket connect(String token, Frames frames) throws Exception {
        return http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), frames)
                .get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Collects the text frames a connection receives, each parsed as JSON, in arrival order. */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        /** The next frame; fails the test if none comes within {@link #FRAME_WITHIN}. */
        JsonNode next() throws InterruptedException {
            JsonNode frame = received.poll(FRAME_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a frame within %s", FRAME_WITHIN).isNotNull();
            return frame;
        }
    }
}
