package dev.imlab.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedInfrastructureTest {
    @TempDir
    Path dataDir;

    @Test
    void start_runsAllThree_withTheirDataUnderOneDirectory() throws Exception {
        EmbeddedInfrastructure.Ports ports;
        try (EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(dataDir, EmbeddedInfrastructure.Ports.anyFree())) {
            ports = new EmbeddedInfrastructure.Ports(
                    infrastructure.kafka().port(), infrastructure.redis().port(), infrastructure.mongo().port());

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafka().bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
            RedisClient redis = RedisClient.create(infrastructure.redis().uri());
            try (StatefulRedisConnection<String, String> connection = redis.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                redis.shutdown();
            }
            try (MongoClient mongo = MongoClients.create(infrastructure.mongo().connectionString())) {
                assertThat(mongo.getDatabase("imlab").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
            }
        }

        assertThat(dataDir.resolve("kafka")).isDirectoryContaining(path -> path.getFileName().toString().equals("log"));
        assertThat(dataDir.resolve("mongo").resolve(EmbeddedMongo.STORE_DIR)).isDirectory();
        assertThat(listens(ports.kafka())).as("Kafka closed").isFalse();
        assertThat(listens(ports.redis())).as("Redis closed").isFalse();
        assertThat(listens(ports.mongo())).as("MongoDB closed").isFalse();
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
