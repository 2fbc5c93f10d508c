package dev.imlab.labs.lab08;

import java.util.Arrays;

/**
 * What the server stores and forwards for one device: a nonce and the ciphertext with its
 * authentication tag (AES-GCM appends the 16-byte tag to the ciphertext). Nothing in it is
 * readable without the device's key.
 */
public record Sealed(byte[] nonce, byte[] ciphertext) {
    public Sealed {
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sealed s && Arrays.equals(nonce, s.nonce) && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "Sealed[" + nonce.length + " B nonce, " + ciphertext.length + " B ciphertext]";
    }
}
