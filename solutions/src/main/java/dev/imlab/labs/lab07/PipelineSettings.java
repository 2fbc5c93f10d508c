package dev.imlab.labs.lab07;

/**
 * Every setting of the lab's message pipeline, in one place: client, over TCP, to an edge, which
 * produces to Kafka; a consumer polls, a handler makes a 20 ms database call and the reply goes
 * back over the same TCP connection ({@link Pipeline}).
 *
 * <p>Users of the pipeline {@link #AS_SHIPPED} report high latency. Find out where it goes with
 * the per-hop table the test prints, then write {@link #tuned()}.
 *
 * @param lingerMs producer {@code linger.ms}: how long the producer holds a record back, waiting for
 *     more to send in the same batch
 * @param fetchMinBytes consumer {@code fetch.min.bytes}: the broker answers a fetch once it has this
 *     many bytes for the consumer...
 * @param fetchMaxWaitMs consumer {@code fetch.max.wait.ms}: ...or once it has waited this long
 * @param tcpNoDelay {@code TCP_NODELAY} on both ends of the client's connection; false leaves Nagle's
 *     algorithm on, which holds a small write back while an earlier one is not yet acknowledged
 * @param handlerThreads threads that run the handler, with its blocking database call; 0 runs it on
 *     the consumer's poll thread
 */
public record PipelineSettings(int lingerMs, int fetchMinBytes, int fetchMaxWaitMs, boolean tcpNoDelay,
                               int handlerThreads) {

    /** The pipeline as shipped, tuned by someone who measured throughput and not latency. */
    public static final PipelineSettings AS_SHIPPED = new PipelineSettings(200, 64 * 1024, 500, false, 0);

    public PipelineSettings {
        if (lingerMs < 0 || fetchMinBytes < 1 || fetchMaxWaitMs < 0 || handlerThreads < 0 || handlerThreads > 64) {
            throw new IllegalArgumentException("want lingerMs >= 0, fetchMinBytes >= 1, fetchMaxWaitMs >= 0 and "
                    + "0 <= handlerThreads <= 64; got " + lingerMs + ", " + fetchMinBytes + ", " + fetchMaxWaitMs
                    + ", " + handlerThreads);
        }
    }

    /**
     * Your settings: {@link #AS_SHIPPED} with what makes it slow put right, so that the test's p99s
     * drop to a fraction of the shipped ones. The load stays the same: 100 messages a second, each
     * handled with a 20 ms database call.
     *
     * <p>Each value answers one row of the shipped table:
     *
     * <ul>
     * <li>edge -> broker: {@code linger.ms} 200 held every record up to 200 ms for company. At 100
     *     messages a second a batch never fills anyway; 1 ms still batches under a burst (imlab's
     *     own producers use 1).
     * <li>broker -> consumer: {@code fetch.min.bytes} 64 KiB made the broker sit on each fetch for
     *     the full {@code fetch.max.wait.ms}, 500 ms, since this load never has 64 KiB waiting. With
     *     1 byte the broker answers as soon as there is a record; the wait then only bounds an idle
     *     fetch, and 100 ms is imlab's.
     * <li>both TCP hops: with Nagle on, the body of each frame waited for the peer to acknowledge
     *     its 4-byte header, and the peer delays acknowledgements by up to 40 ms (Linux), hoping to
     *     piggyback them on an answer. {@code TCP_NODELAY} sends each write at once; the fix in code
     *     is one write per frame, which the test's pipeline does not let you change.
     * <li>waiting for a handler: the 20 ms call ran on the poll thread, so the pipeline handled 50
     *     messages a second at most, and 100 came in: the queue, and the latency, grew without end.
     *     The fetch hop grew too, since no one polled while the handler ran. With 8 threads,
     *     conversations are handled side by side (400 a second at most) and each conversation
     *     stays in order on its own thread. The database call itself still takes its 20 ms; making
     *     it cheaper (a cache, an async driver) is the next step, not a setting.
     * </ul>
     */
    public static PipelineSettings tuned() {
        return new PipelineSettings(1, 1, 100, true, 8);
    }
}
