package dev.imlab.server;

import dev.imlab.gateway.GatewayServer;
import dev.imlab.gateway.GatewaySettings;
import dev.imlab.server.config.ImlabProperties;
import dev.imlab.server.infra.Infrastructure;
import dev.imlab.server.roles.ImlabRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Tells the person who started the server where to connect; for the infra role, the arguments
 * the cluster's other processes need, also written to {@code <data-dir>/infra-args} for scripts.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {
    /** The infra role's arguments for the other processes, one line, in the data folder. */
    static final String INFRA_ARGS_FILE = "infra-args";

    private final ImlabRoles roles;
    private final ImlabProperties properties;
    private final Infrastructure infrastructure;
    private final GatewaySettings gatewaySettings;

    StartupBanner(ImlabRoles roles, ImlabProperties properties, Infrastructure infrastructure,
                  GatewaySettings gatewaySettings) {
        this.roles = roles;
        this.properties = properties;
        this.infrastructure = infrastructure;
        this.gatewaySettings = gatewaySettings;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        GatewayServer gateway = roles.gateway();
        StringBuilder text = new StringBuilder("\n\n  imlab is running roles ").append(properties.roles()).append('\n');
        if (gateway != null) {
            String base = properties.gateway().host() + ":" + gateway.port();
            String http = gateway.tls() ? "https://" : "http://";
            text.append("    chat page      ").append(http).append(base).append("/\n")
                .append("    dashboard      ").append(http).append(base).append("/dashboard\n")
                .append("    HTTP API       ").append(http).append(base).append("/api/v1/health\n")
                .append("    WebSocket      ").append(gateway.tls() ? "wss://" : "ws://").append(base)
                .append("/ws?token=TOKEN\n");
        }
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        text.append("    data folder    ").append(dataDir).append('\n');
        if (properties.roles().contains(ImlabProperties.INFRA)) {
            String args = infraArgs();
            text.append("    kafka          ").append(infrastructure.kafkaBootstrapServers()).append('\n')
                .append("    redis          ").append(infrastructure.redisUri()).append('\n')
                .append("    mongodb        ").append(infrastructure.mongoUri()).append('\n')
                .append("    token secret   ").append(gatewaySettings.tokenSecret()).append('\n')
                .append("  start the cluster's other processes with (also in ").append(dataDir.resolve(INFRA_ARGS_FILE))
                .append("):\n    java -jar imlab-server.jar --imlab.roles=gateway ").append(args).append('\n');
            write(dataDir.resolve(INFRA_ARGS_FILE), args);
        }
        System.out.println(text);
    }

    /** What every other process of the cluster needs: the three addresses and the shared token secret. */
    private String infraArgs() {
        return "--imlab.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers()
                + " --imlab.redis.uri=" + infrastructure.redisUri()
                + " --imlab.mongodb.uri=" + infrastructure.mongoUri()
                + " --imlab.auth.token-secret=" + gatewaySettings.tokenSecret();
    }

    private static void write(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), INFRA_ARGS_FILE, ".tmp");
            Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
            // Replaced at once: a launcher waiting for the file never reads half of it.
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
