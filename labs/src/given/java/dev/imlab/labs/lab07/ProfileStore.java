package dev.imlab.labs.lab07;

/**
 * The database the handler asks for every message: here, for the display name of the
 * conversation's other side. It stands for any synchronous call into a store: a JDBC query, the
 * MongoDB sync driver, an HTTP call to another service.
 */
final class ProfileStore {
    /** What one call takes: a quick indexed read, plus the network, in a busy data center. */
    static final long CALL_MILLIS = 20;

    /** Blocks the calling thread for {@link #CALL_MILLIS}, as a synchronous driver does while the answer travels. */
    String displayName(String conversationId) {
        try {
            Thread.sleep(CALL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the profile of " + conversationId, e);
        }
        return "name of " + conversationId;
    }
}
