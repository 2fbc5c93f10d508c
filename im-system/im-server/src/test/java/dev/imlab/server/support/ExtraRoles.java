package dev.imlab.server.support;

import dev.imlab.server.ImlabServerApplication;
import dev.imlab.server.infra.Infrastructure;
import dev.imlab.server.roles.ImlabRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Back-end roles started in this JVM beside a {@link TestServer} that runs without them, on the
 * server's Kafka, Redis and MongoDB: a transfer a test can stop and start again, which a chaos
 * test does with processes and {@code kill -9}, and a test of a slow pipeline does by hand.
 * The same {@code instanceId} across restarts lets the new consumer take the partitions back at
 * once (static group membership), as a restarted process would.
 */
public final class ExtraRoles implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private ExtraRoles(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts {@code roles} (e.g. {@code transfer}) and returns once they own their partitions; more
     * properties as {@code key=value} (e.g. {@code imlab.metrics.port=0}).
     */
    public static ExtraRoles start(TestServer server, String roles, String instanceId, String... extraProperties) {
        Infrastructure infra = server.infrastructure();
        try {
            List<String> properties = new ArrayList<>(List.of("imlab.roles=" + roles,
                    "imlab.instance-id=" + instanceId,
                    "imlab.data-dir=" + Files.createTempDirectory("imlab-roles"),
                    "imlab.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                    "imlab.redis.uri=" + infra.redisUri(),
                    "imlab.mongodb.uri=" + infra.mongoUri()));
            properties.addAll(List.of(extraProperties));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ImlabServerApplication.class)
                    .properties(properties.toArray(String[]::new))
                    .run();
            ExtraRoles extra = new ExtraRoles(context);
            extra.awaitReady();
            return extra;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        ImlabRoles roles = context.getBean(ImlabRoles.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!roles.backEndReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the extra roles did not get their partitions in 60 s");
            }
            TestServer.sleep(50);
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
