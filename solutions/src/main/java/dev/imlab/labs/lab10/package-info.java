/**
 * Lab 10, unread counts and read receipts, solved: read seqs that only move forward (a
 * compare-and-set, as MongoDB's {@code $max}), an unread count computed from three numbers that
 * only grow rather than kept as a counter, a coalescer that takes pending reads out by key so that
 * none is lost while a flush runs, and per-message reader counts where only the receipt that moved
 * a member's read seq counts the range it moved over.
 *
 * <p>The real classes: im-storage's {@code ReadStore} and {@code ConversationStates}, im-confirm's
 * {@code ConfirmService} and {@code ReadReceipts}, the gateway's {@code AckBatcher}, and the SDK's
 * {@code ConversationBook}. {@code Lab10Server} runs the real server with {@code ReadCoalescer}
 * storing every read. Tests: {@code ./mvnw test -pl solutions -Dgroups=lab10}.
 */
package dev.imlab.labs.lab10;
