/**
 * Lab 05, group fan-out: "a message to a group of 2,000 members; how do you push it?"
 *
 * <p>The naive answer looks up each member's devices in Redis, one member after another, and
 * sends one record per recipient. It is right and slow: 2,000 round trips before the first push,
 * and 2,000 records where a few would do. The real push role ({@code im-push}'s {@code PushBatch}
 * and {@code FanoutPlanner}, {@code im-routing}'s {@code RouteTable.lookup}) asks Redis once for
 * all members, pipelined, and groups the devices by the gateway that holds them: one record per
 * gateway, however many members. You write {@link dev.imlab.labs.lab05.FanoutPlanner}; the wrong
 * way is {@link dev.imlab.labs.lab05.NaiveFanoutPlanner}, to compare.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab05}; the guide is {@code labs/guides/lab05.adoc}.
 *
 * <p>{@link dev.imlab.labs.lab05.Lab05Server} runs the real imlab server with
 * these classes in it: your planner plans the push role's pushes
 * (the guide's "Your code in the real server").
 */
package dev.imlab.labs.lab05;
