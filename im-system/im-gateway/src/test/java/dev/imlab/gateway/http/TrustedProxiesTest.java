package dev.imlab.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static final TrustedProxies HAPROXY = new TrustedProxies(List.of("10.0.0.5", "192.168.0.0/16", "fd00::/8"));

    private static String clientOf(TrustedProxies proxies, String peer, String... forwardedFor) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String line : forwardedFor) {
            headers.add("X-Forwarded-For", line);
        }
        return proxies.clientOf(new InetSocketAddress(peer, 40_000), headers, peer);
    }

    @Test
    void fromATrustedProxy_theClientIsTheLastForwardedHop() {
        assertThat(clientOf(HAPROXY, "10.0.0.5", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(clientOf(HAPROXY, "192.168.4.2", "1.2.3.4, 203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(clientOf(HAPROXY, "fd00::1", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void aClientsOwnHeader_beforeTheProxysLine_isNotBelieved() {
        assertThat(clientOf(HAPROXY, "10.0.0.5", "6.6.6.6", "203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void fromAnyOtherPeer_theHeaderIsIgnored() {
        assertThat(clientOf(HAPROXY, "203.0.113.9", "6.6.6.6")).isEqualTo("203.0.113.9");
        assertThat(clientOf(HAPROXY, "10.0.0.6", "6.6.6.6")).isEqualTo("10.0.0.6");
        assertThat(clientOf(new TrustedProxies(List.of()), "10.0.0.5", "6.6.6.6")).isEqualTo("10.0.0.5");
    }

    @Test
    void aTrustedProxysRequest_withoutOrWithAGarbledHeader_isThePeers() {
        assertThat(clientOf(HAPROXY, "10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(clientOf(HAPROXY, "10.0.0.5", "not-an-address")).isEqualTo("10.0.0.5");
        assertThat(clientOf(HAPROXY, "10.0.0.5", "example.com")).as("never a DNS lookup").isEqualTo("10.0.0.5");
    }

    @Test
    void aSettingThatIsNoAddress_failsAtStart_namingIt() {
        for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "")) {
            assertThatThrownBy(() -> new TrustedProxies(List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("imlab.gateway.trusted-proxies").hasMessageContaining("'" + bad + "'");
        }
    }
}
