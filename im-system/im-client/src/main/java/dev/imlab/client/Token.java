package dev.imlab.client;

/**
 * A WebSocket token from {@code POST /api/v1/auth/token}.
 *
 * @param expiresAt epoch ms after which the server refuses it; 0 when not known
 */
public record Token(String token, long expiresAt) {
}
