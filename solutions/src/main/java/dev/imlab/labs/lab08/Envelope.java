package dev.imlab.labs.lab08;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Authenticated encryption of one message body: AES-256-GCM with a fresh 12-byte nonce each time. */
public final class Envelope {
    private static final String AES_GCM = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {
    }

    public static Sealed seal(byte[] key, byte[] plaintext, byte[] associatedData) {
        // A nonce must never repeat under one key: with GCM a repeat leaks the XOR of two bodies and
        // lets a forger make tags. 96 random bits are safe for far more messages than a chat sends.
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
            return new Sealed(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        }
    }

    public static byte[] open(byte[] key, Sealed sealed, byte[] associatedData) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), associatedData).doFinal(sealed.ciphertext());
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(AES_GCM);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
