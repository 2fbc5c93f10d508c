package dev.imlab.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imlab.client.ImClient;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestCertificate;
import dev.imlab.server.support.TestServer;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gateway with a certificate speaks HTTPS and {@code wss://} on its one port, and nothing else:
 * a user registers and logs in over HTTPS, the SDK and a bare WebSocket chat over {@code wss://},
 * plain HTTP on the same port gets no answer, and a client that does not trust the certificate
 * cannot connect. Once with the JDK's TLS engine and once with OpenSSL through netty-tcnative.
 */
class TlsTest {
    private static final TestCertificate CERTIFICATE = TestCertificate.generate();

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void loginOverHttps_andChatOverWss_onTheOnePort(String provider) throws Exception {
        if (provider.equals("openssl")) {
            assumeTrue(OpenSsl.isAvailable(), "netty-tcnative does not load here: " + OpenSsl.unavailabilityCause());
        }
        try (TestServer server = TestServer.startWithTls(CERTIFICATE, "imlab.gateway.tls.provider=" + provider)) {
            URI base = server.baseUri();
            assertThat(base.getScheme()).isEqualTo("https");
            String alice = server.newUser("alice"); // POST /api/v1/users over HTTPS
            String bob = server.newUser("bob");
            assertThat(server.http().token(alice, TestServer.password(), "phone").token()).isNotBlank();

            LinkedBlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();
            // Alice's SDK gets the https:// address, Bob's the gateway's wss:// URL: both name the same port.
            URI webSocket = URI.create("wss://" + base.getAuthority() + "/ws");
            try (ImClient a = sdk(base, alice); ImClient b = sdk(webSocket, bob)) {
                b.onMessage(bobInbox::add);
                a.connect();
                b.connect();
                assertThat(a.send(bob, "over wss").get(30, TimeUnit.SECONDS).seq()).isEqualTo(1);
                Message received = bobInbox.poll(30, TimeUnit.SECONDS);
                assertThat(received).isNotNull();
                assertThat(received.body()).isEqualTo("over wss");
            }

            try (RawSocket raw = server.raw(bob, "tablet")) { // a bare wss:// URL with ?token=
                raw.send("{\"type\":\"sync\"}");
                assertThat(raw.next(f -> f instanceof ServerFrame.SyncResult)).isNotNull();
            }

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI health = base.resolve("/api/v1/health");
            assertThatThrownBy(() -> get(plain, URI.create("http://" + base.getAuthority() + "/api/v1/health")))
                    .as("plain HTTP on the TLS port").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(plain, health)).as("a client that does not trust the certificate")
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(get(CERTIFICATE.httpClient(), health).statusCode()).isEqualTo(200);
        }
    }

    /** The SDK with nothing but the address and the trust option: tokens over HTTPS, the socket over wss://. */
    private static ImClient sdk(URI base, String userId) {
        return ImClient.builder().baseUri(base).userId(userId).password(TestServer.password()).deviceId("phone")
                .sslContext(CERTIFICATE.trust()).build();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
