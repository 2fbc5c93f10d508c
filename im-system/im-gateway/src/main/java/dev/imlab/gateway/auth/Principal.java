package dev.imlab.gateway.auth;

/**
 * Who is on a connection or behind an HTTP call: the user and device its token names, and what
 * revoking that token needs.
 *
 * @param tokenId the token's id ({@code jti}): a logout revokes exactly this token
 * @param issuedAtMs when the token was issued (epoch ms): a password change revokes every token issued before it
 * @param expiresAtMs when the token expires (epoch ms): a revocation of it need not outlive this
 */
public record Principal(String userId, String deviceId, String tokenId, long issuedAtMs, long expiresAtMs) {

    /** A principal with no token behind it, which no revocation covers: for tests that build sessions by hand. */
    public Principal(String userId, String deviceId) {
        this(userId, deviceId, null, Long.MAX_VALUE, Long.MAX_VALUE);
    }
}
