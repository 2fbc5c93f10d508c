package dev.imlab.labs.lab08;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab08")
class SessionKeyTest {
    static final byte[] CONTEXT = "imlab-e2e si_alice_bob".getBytes(StandardCharsets.UTF_8);

    static KeyPair device() throws Exception {
        return KeyPairGenerator.getInstance("X25519").generateKeyPair();
    }

    @Test
    void hkdf_matchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = SessionKey.hkdf(hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);

        assertThat(hex.formatHex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void hkdf_givesTheLengthAsked_andItsPrefixesAgree() {
        byte[] ikm = "secret".getBytes(StandardCharsets.UTF_8);

        byte[] long80 = SessionKey.hkdf(null, ikm, CONTEXT, 80);
        byte[] short16 = SessionKey.hkdf(new byte[0], ikm, CONTEXT, 16);

        assertThat(long80).hasSize(80);
        assertThat(short16).hasSize(16).isEqualTo(java.util.Arrays.copyOf(long80, 16));
    }

    @Test
    void bothDevices_deriveTheSameKey_withoutSendingIt() throws Exception {
        KeyPair alice = device();
        KeyPair bob = device();

        byte[] atAlice = SessionKey.derive(alice, bob.getPublic(), CONTEXT);
        byte[] atBob = SessionKey.derive(bob, alice.getPublic(), CONTEXT);

        assertThat(atAlice).hasSize(32).isEqualTo(atBob);
    }

    @Test
    void anotherContext_orAnotherPeer_givesAnotherKey() throws Exception {
        KeyPair alice = device();
        KeyPair bob = device();
        KeyPair carol = device();

        byte[] aliceBob = SessionKey.derive(alice, bob.getPublic(), CONTEXT);

        assertThat(SessionKey.derive(alice, bob.getPublic(), "imlab-e2e si_alice_bob v2".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(aliceBob);
        assertThat(SessionKey.derive(alice, carol.getPublic(), CONTEXT)).isNotEqualTo(aliceBob);
    }
}
