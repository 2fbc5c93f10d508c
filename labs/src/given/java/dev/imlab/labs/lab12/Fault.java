package dev.imlab.labs.lab12;

import dev.imlab.transfer.seq.SeqAllocator;
import java.util.Set;

/**
 * The faults an incident can hide, each a real-world cause with a symptom you can measure on a
 * hop. An incident's id names its fault ({@link Incidents#faultOf}); nothing else does, not even
 * the command line: settings go in as the application's default properties, code as beans and
 * handlers added to the running server.
 *
 * <p>This is the answer key, which the test needs to check your diagnosis. Reading it teaches
 * nothing the incident does not; the guide says where to look instead.
 */
public enum Fault {
    /**
     * Someone tuned the Kafka consumers for throughput: a fetch is answered once 1 MiB is there,
     * or after 500 ms. At a few dozen messages a second it never is.
     */
    FETCH_WAITS_FOR_A_MEGABYTE("every consumer fetch waited for 1 MiB or 500 ms", Cause.KAFKA_FETCH_MIN_BYTES,
            Set.of(Hop.GATEWAY_TO_TRANSFER, Hop.STORED_TO_PUSH, Hop.PUSH_TO_GATEWAY), Measure.SEND_TO_PUSH_P50, Set.of()) {
        @Override
        void inject(Rig rig, Remedy remedy) {
            rig.property(Cause.KAFKA_FETCH_MIN_BYTES.property(), "1048576");
            rig.property(Cause.KAFKA_FETCH_MAX_WAIT_MS.property(), "500");
        }
    },
    /**
     * An audit of every inbound frame, a synchronous call over the network, made from the first handler of each
     * connection, on its event loop: every other connection of that loop waits for it.
     */
    AUDIT_CALL_ON_THE_EVENT_LOOPS("an audit call per frame on the gateway's event loops",
            Cause.BLOCKING_CALL_ON_AN_EVENT_LOOP, Set.of(Hop.DEVICE_LINK), Measure.SEND_TO_ACK_P50,
            Set.of(Remedy.OFFLOAD_THE_CALL)) {
        @Override
        void inject(Rig rig, Remedy remedy) {
            FrameAudit audit = rig.closeLater(new FrameAudit(rig.remoteService(AUDIT_DELAY_MS),
                    remedy == Remedy.OFFLOAD_THE_CALL));
            rig.afterStart(gateway -> audit.attachTo(gateway));
        }
    },
    /**
     * Seqs from an id service, one round trip per message, on the transfer's poll thread: each
     * batch takes as many round trips as it has messages, and the next batch waits in Kafka.
     */
    ID_SERVICE_CALL_PER_MESSAGE("a round trip to an id service for every seq, on the transfer's poll thread",
            Cause.BLOCKING_CALL_PER_MESSAGE_ON_A_POLL_THREAD, Set.of(Hop.TRANSFER_TO_STORED, Hop.GATEWAY_TO_TRANSFER),
            Measure.NAMED_HOP_P50, Set.of(Remedy.BATCH_THE_CALLS, Remedy.CACHE_THE_RESULT)) {
        @Override
        void inject(Rig rig, Remedy remedy) {
            if (remedy == Remedy.CACHE_THE_RESULT) {
                return; // the server's own allocator: counts in memory, reads storage only after a reset
            }
            RemoteService ids = rig.remoteService(ID_DELAY_MS);
            int block = remedy == Remedy.BATCH_THE_CALLS ? 1000 : 1;
            rig.bean(SeqAllocator.class, () -> new RemoteSeqAllocator(ids, block));
        }
    },
    /**
     * Overload shedding set to start at one pending send: whenever one send waits for its
     * send_ack, the next is refused with UNAVAILABLE, and the device retries it later.
     */
    SHEDDING_AT_ONE_PENDING_SEND("load shedding that started at 1 pending send", Cause.SHED_PENDING_HIGH,
            Set.of(Hop.DEVICE_LINK), Measure.REFUSALS_PER_THOUSAND_SENDS, Set.of()) {
        @Override
        void inject(Rig rig, Remedy remedy) {
            rig.property(Cause.SHED_PENDING_HIGH.property(), "1");
            rig.property("imlab.gateway.shed.pending-low", "0");
        }
    };

    /** A round trip to the audit service: a service in another data centre, or a slow one. */
    static final long AUDIT_DELAY_MS = 45;
    /** A round trip to the id service. */
    static final long ID_DELAY_MS = 20;

    private final String title;
    private final Cause cause;
    private final Set<Hop> hops;
    private final Measure measure;
    private final Set<Remedy> remedies;

    Fault(String title, Cause cause, Set<Hop> hops, Measure measure, Set<Remedy> remedies) {
        this.title = title;
        this.cause = cause;
        this.hops = hops;
        this.measure = measure;
        this.remedies = remedies;
    }

    /** What it was, for the progress table once you solved it. */
    public String title() {
        return title;
    }

    /** What makes the hop slow. */
    public Cause cause() {
        return cause;
    }

    /** The hops that hold the time: naming any of them is right. */
    public Set<Hop> hops() {
        return hops;
    }

    /** How the test sees the symptom. */
    public Measure measure() {
        return measure;
    }

    /** For a cause in code: the remedies that remove it; any other leaves the code as it was. */
    public Set<Remedy> remedies() {
        return remedies;
    }

    /**
     * Puts the fault into the server {@code rig} is about to start; {@code remedy}, when the cause
     * is in code, is the fix to apply (a setting's fix is a command-line argument, which beats the
     * fault's default property).
     */
    abstract void inject(Rig rig, Remedy remedy);

    /** How a measurement shows the symptom: the smaller, the better. */
    public enum Measure {
        /**
         * The median of the hop the diagnosis names, in ms. The median, not the p99 users feel: each
         * fault delays most messages on its hop, while a busy machine's stall moves a few, and the test
         * must tell the two apart on a shared machine (lab07's per-hop tests do the same).
         */
        NAMED_HOP_P50,
        /** The median from a user's send to its send_ack, in ms: what a user waits for the tick. */
        SEND_TO_ACK_P50,
        /**
         * The median from a user's send to the push, in ms: the whole path. For a fault on every Kafka
         * consumer, whose waits land on whichever hop's fetch was waiting (one run shows them on
         * gateway>transfer, the next on stored>push).
         */
        SEND_TO_PUSH_P50,
        /** Sends refused and retried, per thousand sent. */
        REFUSALS_PER_THOUSAND_SENDS
    }
}
