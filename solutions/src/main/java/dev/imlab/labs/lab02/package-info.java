/**
 * Lab 02, seq ordering: "how do you give every message of a chat a seq with no gap and no
 * duplicate, even when servers crash?", and "what does the client do when seq 7 comes before 6?"
 *
 * <p>The server half: a seq allocator that counts in memory and, after a crash or a rebalance,
 * finds where it left off from durable storage, including messages stored after the last
 * recorded max. It implements im-transfer's {@code SeqAllocator}, so it runs in the real
 * transfer: {@link dev.imlab.labs.lab02.Lab02Server} starts the whole server with it. The client
 * half: a reorder buffer that delivers each conversation in seq order, drops duplicates, and asks
 * for a pull when it sees a gap (im-client's {@code OrderingBuffer} is the real one).
 *
 * <p>The reference solution: the classes a learner writes in {@code labs/}, with the same names,
 * run against the same tests. Try it: {@code ./mvnw test -pl solutions -Dgroups=lab02}; the guide
 * is {@code labs/guides/lab02.adoc}.
 */
package dev.imlab.labs.lab02;
