package dev.imlab.gateway.overload;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new sends and recalls with {@code UNAVAILABLE} while the pipeline behind this gateway is
 * behind, so that a device hears "retry" at once instead of waiting seconds for a {@code send_ack}
 * that sits behind everyone else's backlog, and the backlog stops growing.
 *
 * <p>It watches two things the gateway already knows, each with a high and a low mark
 * ({@link ShedSettings}): the sends this gateway handed on and has no answer for yet
 * ({@link PendingSends}: Kafka, the transfer or MongoDB is slow, as seen from here), and the
 * transfer's consumer lag (every gateway's sends, read from Kafka every 2 s by the server's lag
 * monitor). Shedding starts when either reaches its high mark and stops when both are down to their
 * low marks.
 *
 * @implNote Strategy candidates. (1) Turms sheds on the process's CPU and memory: that protects the
 * gateway, but here the gateway is rarely what is overloaded; the transfer and storage are, and the
 * gateway's CPU says nothing about them. (2) Only the bound on records waiting for Kafka
 * ({@code imlab.gateway.max-in-flight}): Kafka takes records in milliseconds even while the transfer
 * is minutes behind, so that bound never fills for a slow transfer. (3) The age of the oldest pending
 * send: exact for "seconds of work queued", but one lost answer would hold it high until forgotten.
 * Chosen: counts with hysteresis, on what sits between the gateway's send and its {@code send_ack}.
 * Acks, reads, syncs and pulls are never shed: they are what drains the backlog.
 */
public final class LoadShedder {
    private static final Logger log = LoggerFactory.getLogger(LoadShedder.class);

    private final ShedSettings settings;
    private final PendingSends pending;
    private final LongSupplier transferLag;
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final LongAdder sheds = new LongAdder();
    private volatile long lag;

    /** @param transferLag the transfer group's latest measured lag; read by {@link #tick}, not per send */
    public LoadShedder(ShedSettings settings, PendingSends pending, LongSupplier transferLag) {
        this.settings = settings;
        this.pending = pending;
        this.transferLag = transferLag;
    }

    /**
     * Whether to refuse a new send or recall now; counts the refusal. Called on the event loops for
     * every send, so it reads only the pending count and the lag {@link #tick} last read.
     */
    public boolean refuse() {
        if (!settings.enabled() || !update()) {
            return false;
        }
        sheds.increment();
        return true;
    }

    /** The refusal a shed send gets: retriable, as PROTOCOL.md's UNAVAILABLE is. */
    public ImException refusal() {
        return ErrorCode.UNAVAILABLE.exception("the pipeline is behind (" + state()
                + "): retry with the same clientMsgId");
    }

    private String state() {
        return pending.count() + " sends of this gateway waiting for the transfer"
                + (settings.watchesLag() ? ", transfer lag " + lag : "");
    }

    /** Every few hundred ms: reads the lag, forgets lost answers, and lets shedding stop when no send comes. */
    public void tick() {
        if (settings.watchesLag()) {
            lag = transferLag.getAsLong();
        }
        int forgotten = pending.forgetOlderThan(settings.forgetAfter().toNanos());
        if (forgotten > 0) {
            log.info("forgot {} sends whose answer did not come within {}", forgotten, settings.forgetAfter());
        }
        if (settings.enabled()) {
            update();
        }
    }

    /** Moves between shedding and not, by the marks; returns whether shedding now. */
    private boolean update() {
        long waiting = pending.count();
        long behind = lag;
        if (shedding.get()) {
            if (waiting <= settings.pendingLow() && (!settings.watchesLag() || behind <= settings.lagLow())
                    && shedding.compareAndSet(true, false)) {
                log.info("shedding stopped: {}; {} sends refused so far", state(), sheds.sum());
            }
        } else if ((waiting >= settings.pendingHigh() || (settings.watchesLag() && behind >= settings.lagHigh()))
                && shedding.compareAndSet(false, true)) {
            log.warn("shedding new sends with UNAVAILABLE: {} (high marks: {} sends, lag {})", state(),
                    settings.pendingHigh(), settings.watchesLag() ? settings.lagHigh() : "not watched");
        }
        return shedding.get();
    }

    public boolean shedding() {
        return shedding.get();
    }

    /** Sends and recalls refused so far. */
    public long sheds() {
        return sheds.sum();
    }

    public long pendingSends() {
        return pending.count();
    }
}
