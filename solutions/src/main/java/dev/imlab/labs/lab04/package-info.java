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
 * <p>The reference solution: the classes a learner writes in {@code labs/}, with the same names,
 * run against the same tests. Try it: {@code ./mvnw test -pl solutions -Dgroups=lab04}; the guide
 * is {@code labs/guides/lab04.adoc}.
 */
package dev.imlab.labs.lab04;
