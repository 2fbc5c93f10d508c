package dev.imlab.labs.lab08;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The key two devices share without ever sending it: X25519 key agreement, then HKDF-SHA256. */
public final class SessionKey {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_BYTES = 32;

    private SessionKey() {
    }

    public static byte[] derive(KeyPair mine, PublicKey theirs, byte[] context) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(mine.getPrivate());
            agreement.doPhase(theirs, true);
            // The raw shared secret is not uniformly random: HKDF turns it into a key, bound to its use.
            return hkdf(null, agreement.generateSecret(), context, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is in every JDK since 11", e);
        }
    }

    public static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        try {
            byte[] prk = hmac(salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
            ByteArrayOutputStream okm = new ByteArrayOutputStream(length + HASH_BYTES);
            byte[] block = new byte[0];
            for (int i = 1; okm.size() < length; i++) {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(new SecretKeySpec(prk, HMAC));
                mac.update(block);
                mac.update(info);
                mac.update((byte) i);
                block = mac.doFinal();
                okm.writeBytes(block);
            }
            return Arrays.copyOf(okm.toByteArray(), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(key, HMAC));
        return mac.doFinal(data);
    }
}
