package dev.imlab.client.internal;

import dev.imlab.protocol.Ids;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Makes {@code clientMsgId}s of the form {@code <deviceId>-<instance>-<counter>}.
 *
 * <p>The server dedupes by sender and {@code clientMsgId}, so an id must never repeat for a
 * user. The counter alone would repeat after an app restart; the random {@code instance} part
 * (8 base-36 digits, about 2.8e12 values) tells restarts apart. The device id comes first so
 * that a reader of server logs sees where a message came from; it is shortened when the whole
 * id would pass the 64-character limit.
 */
public final class ClientMsgIds {
    private static final int INSTANCE_DIGITS = 8;
    /** Room for two dashes, the instance part and a base-36 {@code long} counter. */
    private static final int MAX_PREFIX = Ids.MAX_CLIENT_MSG_ID_LENGTH - 2 - INSTANCE_DIGITS - 13;

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public ClientMsgIds(String deviceId, RandomGenerator random) {
        String device = deviceId.length() <= MAX_PREFIX ? deviceId : deviceId.substring(0, MAX_PREFIX);
        long bound = 1;
        for (int i = 0; i < INSTANCE_DIGITS; i++) {
            bound *= 36;
        }
        String instance = Long.toString(random.nextLong(bound), 36);
        this.prefix = device + "-" + "0".repeat(INSTANCE_DIGITS - instance.length()) + instance + "-";
    }

    /** Thread-safe; never returns the same id twice for this instance. */
    public String next() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
