package dev.imlab.bus;

import java.time.Instant;

/**
 * When a message passed each hop, in epoch microseconds (0: not yet), carried along with it so
 * that the gateway that delivers it can tell which hop was slow. The clocks are those of the
 * processes on the way; on one machine they agree.
 *
 * @param gatewayIn the sender's gateway read the {@code send} frame
 * @param transferIn the transfer polled it from Kafka (so this hop includes the produce)
 * @param stored MongoDB acknowledged it
 * @param pushIn the push role polled it from Kafka
 */
public record Trace(long gatewayIn, long transferIn, long stored, long pushIn) {

    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    public static Trace start() {
        return new Trace(nowMicros(), 0, 0, 0);
    }

    public Trace transferIn(long micros) {
        return new Trace(gatewayIn, micros, stored, pushIn);
    }

    public Trace stored(long micros) {
        return new Trace(gatewayIn, transferIn, micros, pushIn);
    }

    public Trace pushIn(long micros) {
        return new Trace(gatewayIn, transferIn, stored, micros);
    }
}
