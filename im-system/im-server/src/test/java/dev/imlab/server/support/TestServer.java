package dev.imlab.server.support;

import dev.imlab.client.ImClient;
import dev.imlab.client.ImClientBuilder;
import dev.imlab.client.ImHttpApi;
import dev.imlab.server.ImlabServerApplication;
import dev.imlab.server.infra.Infrastructure;
import dev.imlab.server.roles.ImlabRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole imlab server in this JVM, on embedded Kafka, Redis and the MongoDB stand-in, on free
 * ports and a fresh data folder. {@link #shared()} is started once per test JVM; tests that break
 * things start their own with {@link #start(String...)}.
 */
public final class TestServer implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();
    /**
     * Limits stay on (so every test also shows that honest traffic passes them), but far above what
     * a test JVM does from 127.0.0.1: thousands of users, registrations and connections. The limits'
     * own tests (dev.imlab.server.limits) set small ones after these.
     */
    static final List<String> GENEROUS_LIMITS = List.of(
            "imlab.limits.http-per-ip=1000000/1s",
            "imlab.limits.handshakes-per-ip=1000000/1s",
            "imlab.limits.logins-per-ip=1000000/1s",
            "imlab.limits.login-failures-per-user=1000000/1s",
            "imlab.limits.login-failures-before-lockout=1000000",
            "imlab.limits.registrations-per-ip=1000000/1s",
            "imlab.limits.connections-per-user=100000",
            "imlab.limits.max-connections=1000000",
            "imlab.limits.handshake-timeout=2m",
            "imlab.limits.first-frame-timeout=10m",
            "imlab.limits.bytes-per-connection=1000000000/1s");
    private static TestServer shared;

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final URI baseUri;
    private final HttpClient httpClient;
    private final ImHttpApi http;

    /** @param httpClient for a gateway with TLS: one that trusts its certificate; else null */
    private TestServer(ConfigurableApplicationContext context, Path dataDir, HttpClient httpClient) {
        this.context = context;
        this.dataDir = dataDir;
        this.httpClient = httpClient;
        boolean tls = context.getBean(ImlabRoles.class).gateway().tls();
        this.baseUri = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + context.getBean(ImlabRoles.class).gateway().port());
        this.http = httpClient == null ? new ImHttpApi(baseUri) : new ImHttpApi(baseUri, httpClient);
        awaitHealthy();
    }

    public static synchronized TestServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new server; extra properties as {@code key=value}. */
    public static TestServer start(String... extraProperties) {
        try {
            return start(Files.createTempDirectory("imlab-test"), extraProperties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new server whose roles read the time from {@code clock} (serverTime, the recall window,
     * message expiry) instead of the system clock.
     */
    public static TestServer start(Clock clock, String... extraProperties) {
        try {
            return start(Files.createTempDirectory("imlab-test"), clock, extraProperties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start(Path dataDir, String... extraProperties) {
        return start(dataDir, null, extraProperties);
    }

    /** A new server whose port speaks HTTPS and wss:// only, with {@code certificate}. */
    public static TestServer startWithTls(TestCertificate certificate, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "imlab.gateway.tls.certificate=" + certificate.certificate(),
                "imlab.gateway.tls.private-key=" + certificate.privateKey()));
        properties.addAll(List.of(extraProperties));
        try {
            return start(Files.createTempDirectory("imlab-test"), null, certificate.httpClient(),
                    properties.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer start(Path dataDir, Clock clock, String... extraProperties) {
        return start(dataDir, clock, null, extraProperties);
    }

    /**
     * A new server with the beans of {@code beans} (a {@code @Configuration} class) beside its own,
     * as a lab's {@code LabNNServer} starts it: where the server takes a bean of a type when there
     * is one (ImlabConfiguration), it takes these.
     */
    public static TestServer startWith(Class<?> beans, String... extraProperties) {
        try {
            return start(Files.createTempDirectory("imlab-test"), null, null, beans, extraProperties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer start(Path dataDir, Clock clock, HttpClient httpClient, String... extraProperties) {
        return start(dataDir, clock, httpClient, null, extraProperties);
    }

    private static TestServer start(Path dataDir, Clock clock, HttpClient httpClient, Class<?> beans,
                                    String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "imlab.data-dir=" + dataDir,
                "imlab.gateway.port=0",
                "imlab.embedded.kafka-port=0",
                "imlab.embedded.redis-port=0",
                "imlab.embedded.mongo-port=0",
                "imlab.embedded.mongo-fsync=false", // kill -9 safety without paying for power-loss safety in tests
                "imlab.auth.bcrypt-cost=4",
                "imlab.gateway.rate-per-second=1000",
                "imlab.gateway.rate-burst=2000"));
        properties.addAll(GENEROUS_LIMITS);
        properties.addAll(List.of(extraProperties));
        SpringApplicationBuilder builder = (beans == null ? new SpringApplicationBuilder(ImlabServerApplication.class)
                : new SpringApplicationBuilder(ImlabServerApplication.class, beans))
                .properties(properties.toArray(String[]::new));
        if (clock != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("imlabClock", clock));
        }
        ConfigurableApplicationContext context = builder.run();
        return new TestServer(context, dataDir, httpClient);
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!http.health()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server did not become healthy in 60 s");
            }
            sleep(50);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public URI webSocketUri(String token) {
        String scheme = "https".equals(baseUri.getScheme()) ? "wss://" : "ws://";
        return URI.create(scheme + baseUri.getAuthority() + "/ws?token=" + token);
    }

    public ImHttpApi http() {
        return http;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Infrastructure infrastructure() {
        return context.getBean(Infrastructure.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Registers a user with a name unique in this JVM, starting with {@code prefix}. */
    public String newUser(String prefix) {
        String userId = prefix + "-" + USERS.incrementAndGet();
        http.register(userId, password());
        return userId;
    }

    public static String password() {
        return "s3cret-pass";
    }

    /** A connected SDK client. */
    public ImClient connect(String userId, String deviceId) {
        ImClient client = client(userId, deviceId).build();
        client.connect();
        return client;
    }

    public ImClientBuilder client(String userId, String deviceId) {
        ImClientBuilder builder = ImClient.builder().baseUri(baseUri).userId(userId).password(password()).deviceId(deviceId);
        return httpClient == null ? builder : builder.httpClient(httpClient);
    }

    public RawSocket raw(String userId, String deviceId) {
        URI uri = webSocketUri(http.token(userId, password(), deviceId).token());
        return httpClient == null ? RawSocket.connect(uri) : RawSocket.connect(uri, httpClient);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
