package dev.imlab.labs.lab08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab08")
class EnvelopeTest {
    static final byte[] HEADER = "si_alice_bob|alice".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "meet at 7".getBytes(StandardCharsets.UTF_8);

    private final byte[] key = new byte[32];

    EnvelopeTest() {
        new SecureRandom().nextBytes(key);
    }

    @Test
    void open_givesBackWhatWasSealed() throws Exception {
        Sealed sealed = Envelope.seal(key, BODY, HEADER);

        assertThat(Envelope.open(key, sealed, HEADER)).isEqualTo(BODY);
        assertThat(sealed.nonce()).as("GCM's nonce").hasSize(12);
        assertThat(sealed.ciphertext()).as("the body plus GCM's 16-byte tag").hasSize(BODY.length + 16);
    }

    @Test
    void theSameBodyTwice_looksDifferent_becauseEachSealHasAFreshNonce() {
        Sealed first = Envelope.seal(key, BODY, HEADER);
        Sealed second = Envelope.seal(key, BODY, HEADER);

        assertThat(first.nonce()).isNotEqualTo(second.nonce());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void aChangedCiphertext_isRefused_notDecryptedIntoGarbage() {
        Sealed sealed = Envelope.seal(key, BODY, HEADER);
        byte[] c = sealed.ciphertext();
        c[0] ^= 1;

        assertThatThrownBy(() -> Envelope.open(key, new Sealed(sealed.nonce(), c), HEADER))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aChangedHeader_isRefused_soTheServerCannotMoveAMessageToAnotherChat() {
        Sealed sealed = Envelope.seal(key, BODY, HEADER);

        assertThatThrownBy(() -> Envelope.open(key, sealed, "si_alice_carol|alice".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherKey_opensNothing() {
        Sealed sealed = Envelope.seal(key, BODY, HEADER);
        byte[] other = key.clone();
        other[31] ^= 1;

        assertThatThrownBy(() -> Envelope.open(other, sealed, HEADER)).isInstanceOf(GeneralSecurityException.class);
    }
}
