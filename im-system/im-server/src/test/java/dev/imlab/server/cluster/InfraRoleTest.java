package dev.imlab.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.client.ImClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.ImlabServerApplication;
import dev.imlab.server.config.ImlabProperties;
import dev.imlab.server.support.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --imlab.roles=infra}: a process that runs only Kafka, Redis and MongoDB, prints the arguments
 * the cluster's other processes need (and writes them to {@code <data-dir>/infra-args}), and that a
 * process started with exactly those arguments runs the whole message path against.
 */
class InfraRoleTest {
    @TempDir
    Path dir;

    @Test
    void infraAlone_printsTheArgumentsOtherProcessesNeed_andServesNoGateway() throws Exception {
        Path data = dir.resolve("infra");
        Path argsFile = data.resolve("infra-args");
        try (ServerProcess infra = new ServerProcess(data)
                .withArgs(List.of("--imlab.roles=infra"), () -> Files.exists(argsFile)).start()) {
            String args = Files.readString(argsFile).trim();
            assertThat(args).contains("--imlab.kafka.bootstrap-servers=127.0.0.1:", "--imlab.redis.uri=redis://",
                    "--imlab.mongodb.uri=mongodb://", "--imlab.auth.token-secret=");
            assertThat(Files.readString(infra.log())).as("the banner shows the same line").contains(args);
            assertThat(listening(infra.baseUri())).as("an infra-only process opens no gateway port").isFalse();

            List<String> properties = new ArrayList<>();
            for (String arg : args.split(" ")) {
                properties.add(arg.substring(2));
            }
            properties.addAll(List.of("imlab.roles=gateway,transfer,push,confirm", "imlab.gateway.port=0",
                    "imlab.data-dir=" + dir.resolve("roles"), "imlab.auth.bcrypt-cost=4"));
            try (ConfigurableApplicationContext roles = new SpringApplicationBuilder(ImlabServerApplication.class)
                    .properties(properties.toArray(String[]::new)).run()) {
                int port = roles.getBean(dev.imlab.server.roles.ImlabRoles.class).gateway().port();
                URI gateway = URI.create("http://127.0.0.1:" + port);
                ImHttpApi http = new ImHttpApi(gateway);
                http.register("ann", "s3cret-pass");
                http.register("ben", "s3cret-pass");
                try (ImClient ann = client(gateway, "ann"); ImClient ben = client(gateway, "ben")) {
                    CompletableFuture<String> got = new CompletableFuture<>();
                    ben.onMessage(m -> got.complete(m.body()));
                    ann.connect();
                    ben.connect();
                    ServerFrame.SendAck ack = ann.send("ben", "through the infra process").get(30, TimeUnit.SECONDS);
                    assertThat(ack.seq()).isEqualTo(1);
                    assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("through the infra process");
                    // The infra process reports to the cluster too.
                    assertThat(Stats.await(() -> Stats.cluster(gateway).path("roles").path("infra").path("instances").asInt(),
                            n -> n == 1, java.time.Duration.ofSeconds(10))).isEqualTo(1);
                }
            }
        }
    }

    private static ImClient client(URI gateway, String user) {
        return ImClient.builder().baseUri(gateway).userId(user).password("s3cret-pass").deviceId("phone").build();
    }

    private static boolean listening(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void roles_acceptInfraAloneOrWithOthers_andRefuseUnknownOrNone() {
        assertThat(bind("infra").roles()).containsExactly("infra");
        assertThat(bind("infra,gateway,transfer").roles()).containsExactlyInAnyOrder("infra", "gateway", "transfer");
        assertThatThrownBy(() -> bind("infra,router")).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("unknown role 'router'");
        assertThatThrownBy(() -> bind("")).isInstanceOf(BindException.class).rootCause().hasMessageContaining("empty");
    }

    private static ImlabProperties bind(String roles) {
        return new Binder(new MapConfigurationPropertySource(Map.of("imlab.roles", roles)))
                .bindOrCreate("imlab", ImlabProperties.class);
    }
}
