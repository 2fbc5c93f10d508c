package dev.imlab.labs.lab08;

import dev.imlab.labs.LabNotDone;
import java.security.KeyPair;
import java.security.PublicKey;

/** The key two devices share without ever sending it: X25519 key agreement, then HKDF-SHA256. */
public final class SessionKey {
    private SessionKey() {
    }

    /**
     * A 32-byte AES key that {@code mine} and the owner of {@code theirs} both derive on their own:
     * the X25519 shared secret, through HKDF-SHA256 with no salt and {@code context} as its info.
     * Swapping the roles gives the same key; another context, another key.
     */
    public static byte[] derive(KeyPair mine, PublicKey theirs, byte[] context) {
        throw new LabNotDone(SessionKey.class, "derive");
    }

    /**
     * HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from {@code ikm} with
     * {@code salt} (an empty or null salt means 32 zero bytes), then expand it with {@code info}
     * to {@code length} bytes.
     */
    public static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        throw new LabNotDone(SessionKey.class, "hkdf");
    }
}
