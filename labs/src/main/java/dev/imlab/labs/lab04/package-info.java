/**
 * Lab 04, offline sync and multi-device: "a user has a phone and a laptop, and the laptop was
 * off for a week: how does it get what it missed, and only that?"
 *
 * <p>Each device keeps its own cursor per conversation, the highest seq it acked. {@code sync}
 * answers, per conversation, its max seq and this device's cursor; the device then pulls the
 * difference a page at a time, acking as it goes. Messages are stored under
 * {@code <conversationId>#<zero-padded seq>}, so a page is a list of reads by key, never a scan.
 * The real classes: im-storage's {@code MessageStore}, {@code CursorStore} and
 * {@code ConversationStore}, im-gateway's {@code QueryService}, im-client's {@code CatchUp}.
 *
 * <p>You write {@link dev.imlab.labs.lab04.MessageLog}, {@link dev.imlab.labs.lab04.DeviceCursors},
 * {@link dev.imlab.labs.lab04.SyncService} and {@link dev.imlab.labs.lab04.CatchUp}. Each
 * method throws {@code LabNotDone} until you replace it; the code in {@code labs/src/given/java}
 * is given.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab04}. The guide, with hints that unfold one at a
 * time, is {@code labs/guides/lab04.adoc}; the reference solution is in {@code solutions/}, same
 * package, same class names.
 */
package dev.imlab.labs.lab04;
