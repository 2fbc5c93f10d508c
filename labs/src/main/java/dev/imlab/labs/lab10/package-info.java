/**
 * Lab 10, unread counts and read receipts: "how do you keep unread counts and read receipts exact
 * when reads come late, twice and from many devices at once, without a store write per read?"
 *
 * <p>A read seq per user and conversation, not a counter: unread is {@code maxSeq - readSeq},
 * clamped by {@code minSeq} and at 0, and a read seq only moves forward, so a late or repeated read
 * changes nothing. Reads are cumulative, so a burst of them collapses to the highest one: one store
 * read and one store write per flush, one receipt per read seq that moved. "Read by k" in a group
 * counts each member once per message, however its receipts arrive. The real classes: im-storage's
 * {@code ReadStore} and {@code ConversationStates}, im-confirm's {@code ConfirmService} and
 * {@code ReadReceipts}, the gateway's {@code AckBatcher}, and the SDK's {@code ConversationBook}.
 *
 * <p>You write {@link dev.imlab.labs.lab10.ReadCursor}, {@link dev.imlab.labs.lab10.UnreadCount},
 * {@link dev.imlab.labs.lab10.ReadCoalescer} and {@link dev.imlab.labs.lab10.GroupReadCounts}. The
 * store interface, the {@code Read} record and the adapter to the real store are given
 * ({@code labs/src/given/java}); the tests count the store's round trips and run many threads.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab10}. Then run the real server with your
 * coalescer storing every read ({@code Lab10Server}; the command is in the guide). The guide, with
 * hints that unfold one at a time, is {@code labs/guides/lab10.adoc}; the reference solution is in
 * {@code solutions/}, same package, same class names.
 */
package dev.imlab.labs.lab10;
