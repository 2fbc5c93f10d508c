package dev.imlab.push.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookTest {
    private static final byte[] BODY = "{\"notifications\":[]}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A receiver that answers the calls with these statuses in turn (the last one from then on); 0 = never answer. */
    private URI receiver(int... statuses) throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            int call = calls.getAndIncrement();
            signatures.add(String.valueOf(exchange.getRequestHeaders().getFirst(Webhook.SIGNATURE_HEADER)));
            exchange.getRequestBody().readAllBytes();
            int status = statuses[Math.min(call, statuses.length - 1)];
            if (status == 0) {
                try {
                    never.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status == 0 ? 200 : status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private static Webhook webhook(URI uri, String secret, int maxAttempts) {
        return new Webhook(uri, secret, Duration.ofMillis(300), maxAttempts, Duration.ofMillis(20));
    }

    @Test
    void a500IsRetriedUntilTheReceiverTakesIt() throws Exception {
        Webhook webhook = webhook(receiver(500, 503, 204), "", 6);

        assertThat(webhook.post(BODY).get(10, TimeUnit.SECONDS)).isEqualTo(Webhook.Outcome.TAKEN);
        assertThat(calls).hasValue(3);
        assertThat(webhook.retried()).isEqualTo(2);
    }

    @Test
    void aReceiverThatHangsIsTimedOutAndRetried() throws Exception {
        Webhook webhook = webhook(receiver(0, 200), "", 4);

        assertThat(webhook.post(BODY).get(10, TimeUnit.SECONDS)).isEqualTo(Webhook.Outcome.TAKEN);
        assertThat(calls).hasValue(2);
        assertThat(webhook.retried()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedThenDropped() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Webhook webhook = webhook(URI.create("http://127.0.0.1:" + closedPort + "/hook"), "", 4);

        assertThat(webhook.post(BODY).get(10, TimeUnit.SECONDS)).isEqualTo(Webhook.Outcome.DROPPED);
        assertThat(webhook.retried()).isEqualTo(3);
    }

    @Test
    void withASecretEveryTryIsSignedWithTheHmacOfTheRawBody() throws Exception {
        Webhook webhook = webhook(receiver(500, 200), "s3cret", 4);

        webhook.post(BODY).get(10, TimeUnit.SECONDS);

        // Computed independently: printf '{"notifications":[]}' | openssl dgst -sha256 -hmac s3cret
        String expected = "sha256=203415d0ad2994565b54edbfc679f3db9b278fa40dd96cd99261cf289f718311";
        assertThat(signatures).containsExactly(expected, expected);
    }

    @Test
    void withoutASecretNothingIsSigned() throws Exception {
        webhook(receiver(200), "", 4).post(BODY).get(10, TimeUnit.SECONDS);

        assertThat(signatures).containsExactly("null");
    }
}
