package dev.imlab.gateway.metrics;

import dev.imlab.gateway.session.SessionRegistry;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Running totals of this gateway's WebSocket traffic, for {@code GET /api/v1/stats} and the
 * dashboard. Totals only: a reader derives rates from two snapshots, so the gateway keeps no
 * windows or timers, and any number of dashboards can poll at their own pace.
 */
public final class GatewayStats {
    private final SessionRegistry sessions;
    private final LongSupplier clock;
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final LongAdder pushes = new LongAdder();
    private final LongAdder sendAcks = new LongAdder();
    private final FrameCounter counter = new FrameCounter(this);

    public GatewayStats(SessionRegistry sessions, LongSupplier clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The handler that counts one connection's frames; the same instance serves every channel. */
    public ChannelHandler frameCounter() {
        return counter;
    }

    void inbound(String type) {
        framesIn.increment();
        if ("send".equals(type)) {
            sends.increment();
        }
    }

    void outbound(String type) {
        framesOut.increment();
        if ("push".equals(type)) {
            pushes.increment();
        } else if ("send_ack".equals(type)) {
            sendAcks.increment();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(clock.getAsLong(), sessions.size(), framesIn.sum(), framesOut.sum(), sends.sum(),
                pushes.sum(), sendAcks.sum());
    }

    /**
     * One reading.
     *
     * @param time        epoch ms of the reading, to divide deltas by
     * @param connections WebSocket sessions open on this gateway now
     * @param sends       {@code send} frames received (a repeat of a clientMsgId counts again)
     */
    public record Snapshot(long time, int connections, long framesIn, long framesOut, long sends, long pushes,
                           long sendAcks) {
    }
}
