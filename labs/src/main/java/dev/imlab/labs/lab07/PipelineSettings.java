package dev.imlab.labs.lab07;

import dev.imlab.labs.LabNotDone;

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
     */
    public static PipelineSettings tuned() {
        throw new LabNotDone(PipelineSettings.class, "tuned");
    }
}
