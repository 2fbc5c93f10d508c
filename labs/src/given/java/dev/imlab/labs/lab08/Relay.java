package dev.imlab.labs.lab08;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server, as end-to-end encryption sees it: it routes and stores envelopes per device, and it
 * can look at everything it holds ({@link #everythingStored}), as an operator, a leaked backup or
 * a subpoena could. It never has a key.
 */
public final class Relay {
    private final Map<String, List<Sealed>> inboxes = new LinkedHashMap<>();

    /** Stores one message's envelopes, one per device, in each device's inbox. */
    public void deliver(Map<String, Sealed> perDevice) {
        perDevice.forEach((device, sealed) -> inboxes.computeIfAbsent(device, d -> new ArrayList<>()).add(sealed));
    }

    public List<Sealed> inbox(String device) {
        return Collections.unmodifiableList(inboxes.getOrDefault(device, List.of()));
    }

    /** Every byte the server holds, nonces and ciphertexts of every inbox, one after the other. */
    public byte[] everythingStored() {
        int size = 0;
        for (List<Sealed> inbox : inboxes.values()) {
            for (Sealed s : inbox) {
                size += s.nonce().length + s.ciphertext().length;
            }
        }
        byte[] all = new byte[size];
        int at = 0;
        for (List<Sealed> inbox : inboxes.values()) {
            for (Sealed s : inbox) {
                byte[] n = s.nonce();
                byte[] c = s.ciphertext();
                System.arraycopy(n, 0, all, at, n.length);
                at += n.length;
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
        }
        return all;
    }
}
