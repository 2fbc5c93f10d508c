/**
 * Lab 11, a token-bucket limiter with lockout, solved: a bucket that refills from its clock on each
 * call (and ignores a clock read that comes in late), a Caffeine table of buckets that forgets a
 * bucket idle for its whole period and holds at most {@code maxKeys}, and a lockout ladder keyed by
 * the (user, address) pair, on the same kind of table.
 *
 * <p>The real classes are in the gateway's {@code limits} package: {@code TokenBucket},
 * {@code KeyedBuckets}, {@code LockoutLadder} and {@code LoginGuard}. {@code Lab11Server} runs the
 * real server with these in its gateway. Tests: {@code ./mvnw test -pl solutions -Dgroups=lab11}.
 */
package dev.imlab.labs.lab11;
