/**
 * Lab 09, expiry and {@code minSeq}: "messages are kept for 30 days; a phone was offline for 40.
 * What does it see, and how do you make sure it never mistakes expired messages for a gap?"
 *
 * <p>Seqs stay gap-free forever, but old messages go. The server answers every sync and pull with
 * {@code minSeq}, the lowest seq that can still be pulled: a device never waits for, pulls or counts
 * as unread anything below it. {@code minSeq} must be exact at read time, whether or not a reaper
 * has run: a stored lower bound, then a binary search, since expiry times never decrease with the
 * seq. A reaper deletes the expired prefix in batches and raises the bound; seqs are never reused.
 * The real classes: im-storage's {@code Expiry}, im-transfer's {@code ExpiryReaper}, and the SDK's
 * catch-up in im-client.
 *
 * <p>You write {@link dev.imlab.labs.lab09.MinSeq}, {@link dev.imlab.labs.lab09.ExpiryRules} and
 * {@link dev.imlab.labs.lab09.Reaper}. The log ({@code ExpiringLog}, in {@code labs/src/given/java})
 * is given; time is a number the tests choose.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab09}. The guide, with hints that unfold one at a
 * time, is {@code labs/guides/lab09.adoc}; the reference solution is in {@code solutions/}, same
 * package, same class names.
 *
 * <p>{@link dev.imlab.labs.lab09.Lab09Server} runs the real imlab server with
 * these classes in it: your reaper does the transfer's expiry passes
 * (the guide's "Your code in the real server").
 */
package dev.imlab.labs.lab09;
