package dev.imlab.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.embedded.internal.FreePort;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class EmbeddedRedisTest {

    @Test
    void storesAndReadsKeys_on127001() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());

            withRedis(redis, commands -> {
                commands.set("route:alice", "gateway-1");
                assertThat(commands.get("route:alice")).isEqualTo("gateway-1");
            });
        }
    }

    @Test
    void persistence_isOff() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
            withRedis(redis, commands -> {
                assertThat(commands.configGet("save")).isEqualTo(Map.of("save", ""));
                assertThat(commands.configGet("appendonly")).isEqualTo(Map.of("appendonly", "no"));
            });
        }
    }

    @Test
    void restartEmpty_losesEveryKey_andKeepsThePort() {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
            int port = redis.port();
            withRedis(redis, commands -> commands.set("route:alice", "gateway-1"));

            redis.restartEmpty();

            assertThat(redis.port()).isEqualTo(port);
            withRedis(redis, commands -> {
                assertThat(commands.get("route:alice")).isNull();
                assertThat(commands.dbsize()).isZero();
            });
        }
    }

    @Test
    void start_reclaimsThePort_fromARedisWhoseJvmWasKilled(@TempDir Path dir) throws Exception {
        int port = FreePort.pick();
        Process owner = ChildJvm.start(RedisOwnerUntilKilled.class, dir.resolve("child-stderr.txt"), String.valueOf(port));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("child stderr:%n%s", Files.readString(dir.resolve("child-stderr.txt"))).isEqualTo("READY");
        } finally {
            owner.destroyForcibly().waitFor();
        }
        assertThat(markOrphanOn(port)).as("the killed JVM's Redis still holds the port").isTrue();

        try (EmbeddedRedis redis = EmbeddedRedis.start(port)) {
            withRedis(redis, commands -> assertThat(commands.get("orphan")).as("served by a new Redis").isNull());
        }
    }

    private static boolean markOrphanOn(int port) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return "OK".equals(connection.sync().set("orphan", "yes"));
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown();
        }
    }

    private static void withRedis(EmbeddedRedis redis, Consumer<RedisCommands<String, String>> use) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            use.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
