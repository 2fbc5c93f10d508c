/**
 * Lab 03, ACK, retransmission and idempotency: "how do you make sure a message is delivered
 * exactly once over a network that loses, repeats and reorders packets?"
 *
 * <p>No network delivers exactly once. The sender re-sends what is not acked, with growing
 * back-off, on a timing wheel that holds every pending timer at O(1) cost: that is at-least-once.
 * The receiver remembers each sender + clientMsgId and answers a repeat with the first ack,
 * storing nothing: together, every message takes effect once. The tests run both over a seeded
 * lossy, duplicating, reordering link, and show what re-sending without dedupe does. The real
 * classes: im-gateway's {@code Retransmitter} (the server re-sending pushes on a Netty timer wheel,
 * with cumulative acks), im-client's {@code SendTracker} (the client re-sending sends), and
 * im-transfer's dedupe ({@code BatchProcessor} with im-storage's {@code DedupeStore}).
 *
 * <p>You write {@link dev.imlab.labs.lab03.TimerWheel}, {@link dev.imlab.labs.lab03.AckTracker} and
 * {@link dev.imlab.labs.lab03.IdempotentReceiver}. Time is ticks moved by hand: no test sleeps. Each
 * method throws {@code LabNotDone} until you replace it; the code in {@code labs/src/given/java}
 * is given.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab03}. The guide, with hints that unfold one at a
 * time, is {@code labs/guides/lab03.adoc}; the reference solution is in {@code solutions/}, same
 * package, same class names.
 *
 * <p>{@link dev.imlab.labs.lab03.Lab03Server} runs the real imlab server with
 * these classes in it: your tracker and wheel re-send the gateway's unacked pushes
 * (the guide's "Your code in the real server").
 */
package dev.imlab.labs.lab03;
