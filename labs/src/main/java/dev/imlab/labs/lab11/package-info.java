/**
 * Lab 11, a token-bucket limiter with lockout: "how do you stop a script from flooding your login
 * and API endpoints without locking honest users out, and what do you answer it?"
 *
 * <p>A token bucket per key (an address, a user) refills from a clock, not a timer, and answers a
 * refusal with how long to wait ({@code retryAfterMs}), exact enough that a client that waits that
 * long gets in. The buckets live in a table with two bounds: one forgets a bucket idle for its
 * whole period (it would be full again anyway), the other caps the table, so a flood of made-up
 * keys cannot fill the heap. Failed logins lock the (user, address) pair, never the account: 5
 * failures in a row lock it for 1, then 30, then 60 minutes, and the owner logging in from
 * anywhere else is never blocked. The real classes are in the gateway's {@code limits} package:
 * {@code TokenBucket}, {@code KeyedBuckets}, {@code LockoutLadder} and {@code LoginGuard}.
 *
 * <p>You write {@link dev.imlab.labs.lab11.TokenBucket}, {@link dev.imlab.labs.lab11.KeyedBuckets}
 * and {@link dev.imlab.labs.lab11.LoginLockout}; the last two implement the gateway's own
 * interfaces. Time is a number the tests move; no test sleeps.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab11}. Then run the real server with your
 * limits in its gateway ({@code Lab11Server}; the command is in the guide). The guide, with hints
 * that unfold one at a time, is {@code labs/guides/lab11.adoc}; the reference solution is in
 * {@code solutions/}, same package, same class names.
 */
package dev.imlab.labs.lab11;
