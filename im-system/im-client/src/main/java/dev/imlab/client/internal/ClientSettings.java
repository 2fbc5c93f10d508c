package dev.imlab.client.internal;

import dev.imlab.protocol.Ids;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The validated settings of one client; {@code ImClientBuilder} documents the defaults.
 *
 * @param baseUri           the server's HTTP address, {@code http://host:port} or {@code https://host:port}; the
 *                          WebSocket is at {@code /ws}. Its WebSocket URL ({@code ws://host:port/ws} or
 *                          {@code wss://...}) is taken as that address
 * @param userId            who this client is; own messages carry it as {@code from}
 * @param deviceId          which device of the user; it scopes the automatic {@code clientMsgId}s
 * @param autoAck           whether the client acks what the app's {@code onMessage} returned from
 * @param ackDelay          how long acks are gathered before one {@code ack} per conversation goes out; zero sends at once
 * @param readDelay         how long reads are gathered before one {@code read} per conversation goes out; zero sends at once
 * @param reconnect         whether a lost connection is opened again (never after {@code kicked} or {@code close()})
 * @param reconnectMin      the first reconnect delay, doubled per failed attempt
 * @param reconnectMax      the largest reconnect delay, also the largest delay before re-sending a refused request
 * @param pingInterval      how often a {@code ping} goes out; no frame for two intervals counts as a dead connection
 * @param sendTimeout       how long to wait for a {@code send_ack} before sending the same frame again
 * @param connectTimeout    how long the WebSocket handshake (and a token fetch) may take
 * @param clock             the time source for liveness and token expiry
 */
public record ClientSettings(URI baseUri, String userId, String deviceId, boolean autoAck, Duration ackDelay,
                             Duration readDelay, boolean reconnect, Duration reconnectMin, Duration reconnectMax,
                             Duration pingInterval, Duration sendTimeout, Duration connectTimeout, Clock clock) {

    public ClientSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        baseUri = httpAddress(baseUri);
        if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
            throw new IllegalArgumentException("baseUri must be http://host:port or https://host:port, got " + baseUri);
        }
        Ids.requireId("userId", userId);
        Ids.requireId("deviceId", deviceId);
        requireNotNegative("ackDelay", ackDelay);
        requireNotNegative("readDelay", readDelay);
        requirePositive("reconnectMin", reconnectMin);
        requirePositive("reconnectMax", reconnectMax);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax " + reconnectMax + " is less than reconnectMin " + reconnectMin);
        }
        requirePositive("pingInterval", pingInterval);
        requirePositive("sendTimeout", sendTimeout);
        requirePositive("connectTimeout", connectTimeout);
        Objects.requireNonNull(clock, "clock");
    }

    /** {@code ws://host:port/ws} is {@code http://host:port}, {@code wss://...} is {@code https://...}; anything else as it is. */
    private static URI httpAddress(URI uri) {
        String scheme = "ws".equals(uri.getScheme()) ? "http" : "wss".equals(uri.getScheme()) ? "https" : null;
        return scheme == null ? uri : URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
