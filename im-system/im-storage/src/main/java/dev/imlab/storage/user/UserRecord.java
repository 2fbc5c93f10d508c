package dev.imlab.storage.user;

/** A stored user; the password only as its hash. */
public record UserRecord(String userId, String passwordHash) {
}
