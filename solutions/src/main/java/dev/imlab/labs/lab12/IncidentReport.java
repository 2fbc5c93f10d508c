package dev.imlab.labs.lab12;

/**
 * The reference diagnosis of every fault an incident can hide. A learner writes one report per
 * incident id they ran; the solution knows the answer key ({@link Incidents#faultOf}), so that the
 * test can check every fault, and each answer says how an on-call engineer finds it.
 */
public final class IncidentReport {

    private IncidentReport() {
    }

    /** The diagnosis of incident {@code incidentId}, whichever fault it hides. */
    public static Diagnosis diagnose(String incidentId) {
        return switch (Incidents.faultOf(incidentId)) {
            // Three hops of the table (every Kafka consumer's) sit at a flat few hundred ms, p50 about half
            // the p99, while transfer>stored, which involves no Kafka poll, stays fast: each consumer's fetch
            // waits. At this load, only fetch.min.bytes can make it wait the whole fetch.max.wait; 1 byte
            // answers a fetch as soon as a record is there.
            case FETCH_WAITS_FOR_A_MEGABYTE -> Diagnosis.setting(Hop.STORED_TO_PUSH, Cause.KAFKA_FETCH_MIN_BYTES, "1");
            // The hop table is fast, the users are not: the time goes where no server meter looks. jstack
            // shows the gateway's event-loop threads (multiThreadIoEventLoopGroup-*) in a socket read under
            // FrameAudit.channelRead, and JFR's jdk.SocketRead events on those threads: a blocking network call
            // per frame. The fix hands the call to a pool of its own, and the loop goes on at once.
            case AUDIT_CALL_ON_THE_EVENT_LOOPS ->
                    Diagnosis.code(Hop.DEVICE_LINK, Cause.BLOCKING_CALL_ON_AN_EVENT_LOOP, Remedy.OFFLOAD_THE_CALL);
            // transfer>stored (the work) and gateway>transfer (records waiting in Kafka for the busy poll
            // thread) are up, the transfer's consumer lag is above 0; jstack shows the transfer's thread
            // (transfer-<id>) in a socket read under RemoteSeqAllocator.next: one round trip per seq.
            // Reserving a block of seqs per call makes it one round trip per thousand messages.
            case ID_SERVICE_CALL_PER_MESSAGE -> Diagnosis.code(Hop.TRANSFER_TO_STORED,
                    Cause.BLOCKING_CALL_PER_MESSAGE_ON_A_POLL_THREAD, Remedy.BATCH_THE_CALLS);
            // The hops are fast; the users see sends refused with UNAVAILABLE and retried, the dashboard's
            // shedding tile flickers, imlab_gateway_sheds_total climbs, and the log says "shedding new sends
            // ... (high marks: 1 sends, ...)": one pending send is not overload. The default is 10000.
            case SHEDDING_AT_ONE_PENDING_SEND -> Diagnosis.setting(Hop.DEVICE_LINK, Cause.SHED_PENDING_HIGH, "10000");
        };
    }
}
