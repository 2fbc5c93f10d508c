/**
 * Lab 12, incidents on the live system: "users report high latency; how do you find out why?",
 * asked of the real server, not of a model of it.
 *
 * <p>{@code labs/start-incident.sh} starts imlab, all roles and embedded infrastructure, with one
 * fault hidden in it, drawn at random, and users chatting through the gateway at a steady rate. The
 * fault is a real-world cause: a setting tuned for the wrong goal, or a call that waits where
 * nothing may wait. Nothing names it: you find it with what an on-call engineer has, the
 * dashboard's hop table and consumer lag, {@code /metrics}, the logs, thread dumps and a JFR
 * recording, and write your diagnosis in {@link dev.imlab.labs.lab12.IncidentReport}: the hop, the
 * cause and the fix, in the vocabulary of {@link dev.imlab.labs.lab12.Hop},
 * {@link dev.imlab.labs.lab12.Cause} and {@link dev.imlab.labs.lab12.Remedy} (given, in
 * {@code labs/src/given/java}).
 *
 * <p>The test checks the hop and the cause, then runs the server twice, with the fault and your fix
 * and with the fault alone, and passes when the symptom is gone: the hop's median five times lower,
 * or the refusals. Run the incident three times: three different faults.
 *
 * <p>The reference solution: {@link dev.imlab.labs.lab12.IncidentReport} holds the diagnosis of
 * every fault, with how each is found, and the test runs every fault with its fix
 * ({@code ./mvnw test -pl solutions -Dgroups=lab12}). The guide is {@code labs/guides/lab12.adoc}.
 */
package dev.imlab.labs.lab12;
