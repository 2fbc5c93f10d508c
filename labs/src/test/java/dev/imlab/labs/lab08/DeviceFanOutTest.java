package dev.imlab.labs.lab08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * alice's phone sends to bob, who has a phone and a laptop; alice's laptop must see the message
 * too. The relay stores what it gets and may look at all of it.
 */
@Tag("lab08")
class DeviceFanOutTest {
    static final byte[] HEADER = "si_alice_bob|alice".getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "the door code is 4711";

    private final KeyPair alicePhone = SessionKeyTest.device();
    private final KeyPair aliceLaptop = SessionKeyTest.device();
    private final KeyPair bobPhone = SessionKeyTest.device();
    private final KeyPair bobLaptop = SessionKeyTest.device();
    private final Relay relay = new Relay();

    DeviceFanOutTest() throws Exception {
    }

    private Map<String, PublicKey> readers() {
        Map<String, PublicKey> devices = new LinkedHashMap<>();
        devices.put("bob/phone", bobPhone.getPublic());
        devices.put("bob/laptop", bobLaptop.getPublic());
        devices.put("alice/laptop", aliceLaptop.getPublic());
        return devices;
    }

    @Test
    void everyDevice_opensItsOwnEnvelope() throws Exception {
        relay.deliver(DeviceFanOut.seal(alicePhone, readers(), SECRET.getBytes(StandardCharsets.UTF_8), HEADER));

        for (Map.Entry<String, KeyPair> d : Map.of("bob/phone", bobPhone, "bob/laptop", bobLaptop, "alice/laptop",
                aliceLaptop).entrySet()) {
            assertThat(relay.inbox(d.getKey())).hasSize(1);
            byte[] body = DeviceFanOut.open(d.getValue(), alicePhone.getPublic(), relay.inbox(d.getKey()).get(0), HEADER);
            assertThat(new String(body, StandardCharsets.UTF_8)).as(d.getKey()).isEqualTo(SECRET);
        }
    }

    @Test
    void theServer_holdsNothingItCanRead() {
        relay.deliver(DeviceFanOut.seal(alicePhone, readers(), SECRET.getBytes(StandardCharsets.UTF_8), HEADER));

        String stored = new String(relay.everythingStored(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain(SECRET).doesNotContain("4711");
        assertThat(relay.everythingStored()).hasSizeGreaterThan(3 * SECRET.length());
    }

    @Test
    void anEnvelope_opensOnlyOnTheDeviceItWasSealedFor() {
        Map<String, Sealed> sealed = DeviceFanOut.seal(alicePhone, readers(), SECRET.getBytes(StandardCharsets.UTF_8), HEADER);

        assertThatThrownBy(() -> DeviceFanOut.open(bobLaptop, alicePhone.getPublic(), sealed.get("bob/phone"), HEADER))
                .isInstanceOf(Exception.class).isNotInstanceOf(Error.class);
    }

    @Test
    void aDeviceLeftOutOfTheList_getsNothing_evenFromAServerThatTriesToForwardIt() throws Exception {
        KeyPair stolenTablet = SessionKeyTest.device();
        Map<String, Sealed> sealed = DeviceFanOut.seal(alicePhone, readers(), SECRET.getBytes(StandardCharsets.UTF_8), HEADER);

        assertThat(sealed).containsOnlyKeys("bob/phone", "bob/laptop", "alice/laptop");
        for (Sealed s : sealed.values()) {
            assertThatThrownBy(() -> DeviceFanOut.open(stolenTablet, alicePhone.getPublic(), s, HEADER))
                    .isInstanceOf(Exception.class).isNotInstanceOf(Error.class);
        }
    }
}
