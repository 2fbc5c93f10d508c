/**
 * Lab 07, latency debugging: "users report high latency; how do you find out why?"
 *
 * <p>Not by guessing, and not from an average: measure each hop of a message's way at the tail
 * (p99), find the hop that holds the time, and know which setting or call makes that hop slow.
 * The lab ships a message pipeline (users, TCP, an edge, Kafka, a consumer, a handler that calls
 * a database) with the misconfigurations that show up in real incidents: a producer that lingers
 * for batches, a consumer that waits for full fetches, Nagle's algorithm on a connection that
 * writes small frames, and a blocking call on the consumer's poll thread. Every message carries
 * its timestamps, and each run prints a table of the hops' p50, p99 and max.
 *
 * <p>You write {@link dev.imlab.labs.lab07.PipelineSettings#tuned()}; the shipped settings, the
 * wrong way, are {@link dev.imlab.labs.lab07.PipelineSettings#AS_SHIPPED}, and
 * {@link dev.imlab.labs.lab07.Pipeline} runs either through a real Kafka broker.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab07}; the guide is {@code labs/guides/lab07.adoc}.
 */
package dev.imlab.labs.lab07;
