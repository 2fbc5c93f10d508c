/**
 * Lab 06, holding 100,000 connections: "how many long connections can one gateway hold, and what
 * does each one cost?"
 *
 * <p>Threads are not the limit: Netty serves every connection from a few event-loop threads. What
 * grows with the connections is what each one keeps and schedules: a timer task per connection
 * for idle checks, buffers allocated up front, maps sized "to be safe", and, worst, the pushes
 * queued for a device that stopped reading. Multiply each by 100,000. This lab's connections cost
 * one wheel slot each for idle eviction (im-gateway's {@code HeartbeatWheel}: a read only stamps
 * the time), no task on the event loop, a few hundred bytes of state, and a write queue capped by
 * the channel's water marks, checked before every push ({@code Channel.isWritable()}).
 *
 * <p>You write {@link dev.imlab.labs.lab06.HeartbeatWheel}, {@link dev.imlab.labs.lab06.Connection},
 * {@link dev.imlab.labs.lab06.ConnectionInitializer} and {@link dev.imlab.labs.lab06.PushWriter}; the
 * wrong way is {@link dev.imlab.labs.lab06.NaiveConnections}, and {@link dev.imlab.labs.lab06.MiniGateway}
 * runs either on real sockets. {@link dev.imlab.labs.lab06.Lab06Server} runs yours in the real server
 * (the guide's "Your code in the real server").
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab06}; the guide is {@code labs/guides/lab06.adoc}.
 */
package dev.imlab.labs.lab06;
