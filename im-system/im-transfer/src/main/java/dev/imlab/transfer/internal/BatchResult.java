package dev.imlab.transfer.internal;

/** What one batch did: messages newly stored, and repeats answered from storage. */
public record BatchResult(int stored, int repeats) {
}
