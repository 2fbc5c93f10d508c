package dev.imlab.gateway;

import dev.imlab.gateway.drain.DrainSettings;
import dev.imlab.gateway.limits.LimitSettings;
import dev.imlab.gateway.overload.ShedSettings;
import dev.imlab.gateway.tls.TlsSettings;
import java.time.Duration;
import java.util.List;

/**
 * How a gateway listens and treats its connections.
 *
 * @param gatewayId unique among running gateways; names its Kafka topic {@code im.gw.<id>}
 * @param host address to bind
 * @param port port to bind (0: any free port)
 * @param idleTimeout a connection that sends nothing (not even a ping) this long is closed
 * @param heartbeatInterval how often the gateway tells Redis it is alive; it is presumed dead after 5
 * @param ratePerSecond requests per second per connection, on average
 * @param rateBurst requests per connection that may come at once
 * @param maxInFlight messages handed to Kafka and not yet confirmed, per gateway; beyond it, UNAVAILABLE
 * @param blockingThreads threads for MongoDB reads and password hashing
 * @param tokenSecret HMAC secret shared by all gateways (at least 32 bytes)
 * @param tokenTtl how long a token is valid
 * @param bcryptCost BCrypt work factor (10 in production, 4 keeps tests fast)
 * @param requireRegisteredUser refuse a token whose user is not registered (false only for load tests that sign
 *        tokens for users they never registered)
 * @param retransmitFirstDelay an unacked push is re-sent after this (at least 1 s), then after twice as long each time
 * @param retransmitMaxAttempts re-sends per push at most; after that the device catches up by sync or gap detection
 * @param limits the limits at every door (per client address, per user, per connection)
 * @param shed when new sends are refused because the pipeline behind the gateway is behind
 * @param tls the certificate that makes the port HTTPS and wss:// only, or none
 * @param drain how the gateway lets its devices go when it is told to stop
 * @param trustedProxies addresses or CIDR blocks of the reverse proxies whose {@code X-Forwarded-For} names the
 *        client ({@link dev.imlab.gateway.http.TrustedProxies}); empty: the TCP peer is the client
 */
public record GatewaySettings(String gatewayId, String host, int port, Duration idleTimeout, Duration heartbeatInterval,
                              int ratePerSecond, int rateBurst, int maxInFlight, int blockingThreads,
                              String tokenSecret, Duration tokenTtl, int bcryptCost, boolean requireRegisteredUser,
                              Duration retransmitFirstDelay, int retransmitMaxAttempts, LimitSettings limits,
                              ShedSettings shed, TlsSettings tls, DrainSettings drain,
                              List<String> trustedProxies) {
    public GatewaySettings {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
