package dev.imlab.gateway.limits;

/**
 * Every limit the gateway enforces, by the tag its refusals are counted under in
 * {@code imlab.limits.refused{limit=...}} (docs: robustness.adoc).
 */
public enum Limit {
    /** HTTP requests (not the WebSocket upgrade) per client address. */
    HTTP_PER_IP("http-per-ip"),
    /** WebSocket upgrade requests per client address. */
    HANDSHAKES_PER_IP("handshakes-per-ip"),
    /** Login attempts per client address. */
    LOGINS_PER_IP("logins-per-ip"),
    /** Failed logins per user, from addresses the user has not logged in from. */
    LOGIN_FAILURES_PER_USER("login-failures-per-user"),
    /** Logins of a user from an address locked out after repeated failures. */
    LOGIN_LOCKOUT("login-lockout"),
    /** Registrations per client address. */
    REGISTRATIONS_PER_IP("registrations-per-ip"),
    /** Connected devices per user, on this gateway. */
    CONNECTIONS_PER_USER("connections-per-user"),
    /** Connections on this gateway. */
    MAX_CONNECTIONS("max-connections"),
    /** An HTTP request (the handshake included) not complete in time. */
    HANDSHAKE_TIMEOUT("handshake-timeout"),
    /** An upgraded connection that sent no frame in time. */
    FIRST_FRAME_TIMEOUT("first-frame-timeout"),
    /** Frames per connection. */
    FRAMES_PER_CONNECTION("frames-per-connection"),
    /** Bytes of frames per connection. */
    BYTES_PER_CONNECTION("bytes-per-connection"),
    /** An HTTP request body over the limit. */
    MAX_HTTP_BODY("max-http-body");

    private final String tag;

    Limit(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code limit} tag, and the key under {@code imlab.limits} that configures it (most of them). */
    public String tag() {
        return tag;
    }
}
