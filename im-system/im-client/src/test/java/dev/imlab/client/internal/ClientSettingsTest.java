package dev.imlab.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    private static ClientSettings withBase(String baseUri) {
        Duration d = Duration.ofSeconds(1);
        return new ClientSettings(URI.create(baseUri), "alice", "phone", true, Duration.ZERO, Duration.ZERO, true, d, d,
                d, d, d, Clock.systemUTC());
    }

    @Test
    void theGatewaysWebSocketUrl_namesItsHttpAddress() {
        assertThat(withBase("wss://chat.example.com:8443/ws").baseUri()).isEqualTo(URI.create("https://chat.example.com:8443"));
        assertThat(withBase("ws://127.0.0.1:8080/ws?token=t").baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(withBase("https://chat.example.com").baseUri()).isEqualTo(URI.create("https://chat.example.com"));
    }

    @Test
    void otherSchemes_areRefused() {
        assertThatThrownBy(() -> withBase("ftp://chat.example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://chat.example.com");
    }
}
