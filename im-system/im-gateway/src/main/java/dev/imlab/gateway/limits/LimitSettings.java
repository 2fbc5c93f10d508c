package dev.imlab.gateway.limits;

import dev.imlab.protocol.frame.FrameCodec;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's limits at each door ({@code imlab.limits.*}; the server's {@code ImlabProperties.Limits}
 * documents each key and its default). Counted per gateway process, in memory.
 *
 * @param enabled                    false: no limit below applies, nor the frames-per-connection bucket
 *                                   ({@code imlab.gateway.rate-*}); {@code maxHttpBody} still does
 * @param httpPerIp                  HTTP requests per client address (the WebSocket upgrade counts under handshakes)
 * @param handshakesPerIp            WebSocket upgrade requests per client address
 * @param loginsPerIp                login attempts per client address
 * @param loginFailuresPerUser       failed logins per user, from addresses the user never logged in from here
 * @param loginFailuresBeforeLockout consecutive failed logins of a user from one address that lock that pair out
 * @param loginLockouts              how long each lockout of a (user, address) pair lasts: the first, the second, ...;
 *                                   the last one repeats
 * @param registrationsPerIp         registrations per client address
 * @param connectionsPerUser         devices of one user connected to this gateway at once; one more is refused
 * @param maxConnections             connections this gateway holds; one more is refused with 503
 * @param handshakeTimeout           an HTTP request, the WebSocket upgrade included, must be complete this long
 *                                   after the connection opened or its previous answer went out
 * @param firstFrameTimeout          an upgraded connection must send its first frame within this
 * @param bytesPerConnection         bytes of frames per connection
 * @param maxHttpBody                largest HTTP request body, in bytes; a larger one gets 413
 */
public record LimitSettings(boolean enabled, Rate httpPerIp, Rate handshakesPerIp, Rate loginsPerIp,
                            Rate loginFailuresPerUser, int loginFailuresBeforeLockout, List<Duration> loginLockouts,
                            Rate registrationsPerIp, int connectionsPerUser, int maxConnections,
                            Duration handshakeTimeout, Duration firstFrameTimeout, Rate bytesPerConnection,
                            int maxHttpBody) {
    public LimitSettings {
        loginLockouts = List.copyOf(loginLockouts);
        if (loginLockouts.isEmpty() || loginLockouts.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("imlab.limits.login-lockouts must be one or more positive durations, not "
                    + loginLockouts);
        }
        requireAtLeast("login-failures-before-lockout", loginFailuresBeforeLockout, 1);
        requireAtLeast("connections-per-user", connectionsPerUser, 1);
        requireAtLeast("max-connections", maxConnections, 1);
        requireAtLeast("max-http-body", maxHttpBody, 1024);
        if (bytesPerConnection.burst() < FrameCodec.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("imlab.limits.bytes-per-connection must let one largest frame ("
                    + FrameCodec.MAX_FRAME_BYTES + " bytes) through, not " + bytesPerConnection);
        }
        for (Duration d : List.of(handshakeTimeout, firstFrameTimeout)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("imlab.limits timeouts must be positive, not " + d);
            }
        }
    }

    private static void requireAtLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("imlab.limits." + key + " must be at least " + min + ", not " + value);
        }
    }
}
