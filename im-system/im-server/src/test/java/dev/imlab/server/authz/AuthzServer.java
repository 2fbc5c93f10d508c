package dev.imlab.server.authz;

import dev.imlab.server.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The servers of the authorization tests, started once per test JVM: a whole imlab on a
 * {@link ShiftableClock}, and a second gateway on the same Kafka, Redis and MongoDB (and the same
 * clock and token secret), for what must hold across gateways.
 */
final class AuthzServer {
    static final ShiftableClock CLOCK = new ShiftableClock();
    private static TestServer main;
    private static TestServer second;

    private AuthzServer() {
    }

    static synchronized TestServer main() {
        if (main == null) {
            main = TestServer.start(CLOCK);
            Runtime.getRuntime().addShutdownHook(new Thread(main::close));
        }
        return main;
    }

    /** A gateway-only server beside {@link #main()}: another gateway of the same cluster. */
    static synchronized TestServer second() {
        if (second == null) {
            TestServer first = main();
            second = TestServer.start(CLOCK, "imlab.roles=gateway",
                    "imlab.kafka.bootstrap-servers=" + first.infrastructure().kafkaBootstrapServers(),
                    "imlab.redis.uri=" + first.infrastructure().redisUri(),
                    "imlab.mongodb.uri=" + first.infrastructure().mongoUri(),
                    "imlab.auth.token-secret=" + secret());
            Runtime.getRuntime().addShutdownHook(new Thread(second::close));
        }
        return second;
    }

    /** The token secret the main server generated. */
    static String secret() {
        try {
            return Files.readString(main().dataDir().resolve("token-secret"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
