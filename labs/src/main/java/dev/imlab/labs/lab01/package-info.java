/**
 * Lab 01, the message path and partitioning: "describe how a message travels", and "how do you
 * keep a chat's messages in order when the system runs on many machines?"
 *
 * <p>A {@code send} goes from the device to a gateway, which decides the conversation it belongs to
 * and produces it to Kafka's {@code im.upstream}; the transfer instance that owns the record's
 * partition numbers and stores it; push and the receivers' gateways take it from there. The Kafka
 * key decides the partition, and so the one transfer that numbers the conversation: key by the
 * conversation and each conversation has one writer and one order; key by the sender or at random
 * and two transfers hand out the same seqs. The real classes: im-protocol's {@code ConversationId},
 * im-gateway's {@code KafkaUpstream}, im-bus's {@code Topics}.
 *
 * <p>You write {@link dev.imlab.labs.lab01.Routing} and the three keys of
 * {@link dev.imlab.labs.lab01.KeyChoice}; the tests run them against a real Kafka broker, in this
 * JVM. Each
 * method throws {@code LabNotDone} until you replace it; the code in {@code labs/src/given/java}
 * is given.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab01}. The guide, with hints that unfold one at a
 * time, is {@code labs/guides/lab01.adoc}; the reference solution is in {@code solutions/}, same
 * package, same class names.
 */
package dev.imlab.labs.lab01;
