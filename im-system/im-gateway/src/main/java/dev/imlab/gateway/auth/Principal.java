package dev.imlab.gateway.auth;

/** Who is on a connection: the user and device its token names. */
public record Principal(String userId, String deviceId) {
}
