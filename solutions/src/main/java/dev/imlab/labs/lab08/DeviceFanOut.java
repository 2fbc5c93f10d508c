package dev.imlab.labs.lab08;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-device end-to-end encryption: the sending device seals the message once for every device
 * that may read it, the recipient's and its own other devices, each under the key it shares with
 * that device. The server stores and forwards one envelope per device and can open none.
 */
public final class DeviceFanOut {
    /** What the derived keys are for: a key made for one use is never valid for another. */
    private static final byte[] CONTEXT = "imlab lab08 message key".getBytes(StandardCharsets.UTF_8);

    private DeviceFanOut() {
    }

    public static Map<String, Sealed> seal(KeyPair sender, Map<String, PublicKey> devices, byte[] plaintext,
                                           byte[] associatedData) {
        Map<String, Sealed> out = new LinkedHashMap<>();
        devices.forEach((device, key) ->
                out.put(device, Envelope.seal(SessionKey.derive(sender, key, CONTEXT), plaintext, associatedData)));
        return out;
    }

    public static byte[] open(KeyPair me, PublicKey sender, Sealed sealed, byte[] associatedData) throws Exception {
        return Envelope.open(SessionKey.derive(me, sender, CONTEXT), sealed, associatedData);
    }
}
