package dev.imlab.labs.lab08;

import dev.imlab.labs.LabNotDone;
import java.security.GeneralSecurityException;

/** Authenticated encryption of one message body: AES-256-GCM with a fresh 12-byte nonce each time. */
public final class Envelope {
    private Envelope() {
    }

    /**
     * Encrypts {@code plaintext} under {@code key}, binding {@code associatedData} (for example the
     * conversation id and the sender, which the server must read to route the message) so that a
     * changed header makes {@link #open} fail.
     */
    public static Sealed seal(byte[] key, byte[] plaintext, byte[] associatedData) {
        throw new LabNotDone(Envelope.class, "seal");
    }

    /**
     * The plaintext, if {@code sealed} was made by {@link #seal} with this key and this associated
     * data and not changed since.
     *
     * @throws GeneralSecurityException (an {@code AEADBadTagException}) otherwise
     */
    public static byte[] open(byte[] key, Sealed sealed, byte[] associatedData) throws GeneralSecurityException {
        throw new LabNotDone(Envelope.class, "open");
    }
}
