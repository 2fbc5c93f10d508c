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
 * <p>The reference solution: the classes a learner writes in {@code labs/}, with the same names,
 * run against the same tests. Try it: {@code ./mvnw test -pl solutions -Dgroups=lab01}; the guide
 * is {@code labs/guides/lab01.adoc}.
 */
package dev.imlab.labs.lab01;
