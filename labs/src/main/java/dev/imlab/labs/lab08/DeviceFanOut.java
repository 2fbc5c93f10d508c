package dev.imlab.labs.lab08;

import dev.imlab.labs.LabNotDone;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;

/**
 * Multi-device end-to-end encryption: the sending device seals the message once for every device
 * that may read it, the recipient's and its own other devices, each under the key it shares with
 * that device. The server stores and forwards one envelope per device and can open none.
 */
public final class DeviceFanOut {
    private DeviceFanOut() {
    }

    /**
     * One envelope per device of {@code devices} (device id to its public key), each sealed under
     * {@link SessionKey#derive} of the sender's key pair and that device's key, with
     * {@code associatedData} bound.
     */
    public static Map<String, Sealed> seal(KeyPair sender, Map<String, PublicKey> devices, byte[] plaintext,
                                           byte[] associatedData) {
        throw new LabNotDone(DeviceFanOut.class, "seal");
    }

    /** What device {@code me} reads from its envelope, knowing the sender's public key. */
    public static byte[] open(KeyPair me, PublicKey sender, Sealed sealed, byte[] associatedData) throws Exception {
        throw new LabNotDone(DeviceFanOut.class, "open");
    }
}
