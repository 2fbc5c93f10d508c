package dev.imlab.server.config;

import dev.imlab.gateway.limits.LimitSettings;
import dev.imlab.gateway.limits.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything {@code imlab.*}. Leave an address blank and the server starts that piece of
 * infrastructure itself, embedded, with its data under {@code dataDir}.
 *
 * @param roles which roles this process runs: any of gateway, transfer, push, confirm, and infra (only the
 *        embedded infrastructure, printing its addresses; any process given no addresses starts its own anyway,
 *        so the default is effectively infra and the four others)
 * @param dataDir where embedded Kafka and MongoDB keep their data, and the generated token secret
 * @param instanceId names this process's Kafka clients ({@code transfer-<id>}, ...) and makes its consumers
 *        static group members, which take their partitions back at once after a restart: unique per
 *        process. Blank: kept in the data folder when this process runs the embedded Kafka, else random
 *        (see {@code InstanceIdentity})
 */
@ConfigurationProperties("imlab")
public record ImlabProperties(
        @DefaultValue({"gateway", "transfer", "push", "confirm"}) Set<String> roles,
        @DefaultValue("./imlab-data") Path dataDir,
        @DefaultValue("") String instanceId,
        @DefaultValue Kafka kafka,
        @DefaultValue Redis redis,
        @DefaultValue Mongodb mongodb,
        @DefaultValue Gateway gateway,
        @DefaultValue Auth auth,
        @DefaultValue Embedded embedded,
        @DefaultValue Retention retention,
        @DefaultValue Recall recall,
        @DefaultValue Transfer transfer,
        @DefaultValue OfflinePush offlinePush,
        @DefaultValue Limits limits) {

    public static final Set<String> ALL_ROLES = Set.of("gateway", "transfer", "push", "confirm");
    /** The role that runs only Kafka, Redis and MongoDB (embedded) for the processes of a cluster. */
    public static final String INFRA = "infra";

    public ImlabProperties {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("imlab.roles is empty: name at least one of " + ALL_ROLES + " or " + INFRA);
        }
        for (String role : roles) {
            if (!ALL_ROLES.contains(role) && !INFRA.equals(role)) {
                throw new IllegalArgumentException("imlab.roles: unknown role '" + role + "', known: " + ALL_ROLES
                        + " and " + INFRA);
            }
        }
    }

    /**
     * @param bootstrapServers brokers to use; blank: start an embedded one
     * @param partitions partitions of the shared topics (how many instances of a role can share work)
     * @param replicationFactor 1 for one broker; 3 for a production cluster
     * @param lingerMs how long a producer waits to send more records in one request
     * @param fetchMinBytes a fetch on the message path is answered once this many bytes are there, or ...
     * @param fetchMaxWaitMs ... once this long has passed
     * @param maxPollRecords records a consumer takes in one poll: the largest batch the transfer stores in one write.
     *        2000: a draining transfer then pays the per-batch costs (a dedupe lookup, a bulk write and its fsync,
     *        produce requests) a quarter as often as with Kafka's 500 (about 33 instead of 40 us of CPU a message);
     *        at moderate rates a poll returns what has arrived, so batches stay small (performance.adoc)
     */
    public record Kafka(@DefaultValue("") String bootstrapServers, @DefaultValue("8") int partitions,
                        @DefaultValue("1") int replicationFactor, @DefaultValue("1") int lingerMs,
                        @DefaultValue("1") int fetchMinBytes, @DefaultValue("100") int fetchMaxWaitMs,
                        @DefaultValue("2000") int maxPollRecords) {
    }

    /** @param uri e.g. {@code redis://host:6379}; blank: start an embedded one */
    public record Redis(@DefaultValue("") String uri) {
    }

    /**
     * @param uri e.g. {@code mongodb://host:27017}; blank: start the embedded stand-in
     * @param database the database name
     */
    public record Mongodb(@DefaultValue("") String uri, @DefaultValue("imlab") String database) {
    }

    /**
     * @param id unique among running gateways; blank: {@code gw-<port>}, or random when the port is 0
     * @param host address to bind
     * @param port port of the WebSocket, HTTP API and pages (0: any free port)
     * @param idleTimeout a connection silent this long is closed; clients ping more often than this
     * @param heartbeatInterval how often a gateway tells Redis it lives; presumed dead after 5 missed
     * @param ratePerSecond requests per second per connection, on average
     * @param rateBurst requests per connection at once
     * @param maxInFlight sends handed to Kafka and not yet confirmed, per gateway; beyond: UNAVAILABLE
     * @param blockingThreads threads for MongoDB reads and BCrypt
     * @param retransmitFirstDelay an unacked push is re-sent after this (at least 1 s), then with doubling back-off
     * @param retransmitMaxAttempts re-sends per push at most
     * @param shed when new sends are refused with UNAVAILABLE because the pipeline is behind
     * @param tls a certificate makes the port HTTPS and wss:// only
     * @param publicUrl where clients reach this gateway directly, e.g. {@code https://gw-1.example.com}; what
     *        {@code GET /api/v1/dispatch} hands out. Blank: {@code http(s)://<host>:<port>} as bound
     *        ({@code 127.0.0.1} for a wildcard host)
     * @param drain how a gateway told to stop (SIGTERM) lets its devices go
     * @param trustedProxies addresses or CIDR blocks of reverse proxies (HAProxy with {@code option forwardfor}, an
     *        ingress) whose last {@code X-Forwarded-For} hop is taken as the client's address by every per-address
     *        limit; from any other peer the header is ignored. Empty: trust no one
     */
    public record Gateway(@DefaultValue("") String id, @DefaultValue("127.0.0.1") String host,
                          @DefaultValue("8080") int port, @DefaultValue("60s") Duration idleTimeout,
                          @DefaultValue("1s") Duration heartbeatInterval, @DefaultValue("2000") int ratePerSecond,
                          @DefaultValue("4000") int rateBurst, @DefaultValue("20000") int maxInFlight,
                          @DefaultValue("8") int blockingThreads, @DefaultValue("1s") Duration retransmitFirstDelay,
                          @DefaultValue("5") int retransmitMaxAttempts, @DefaultValue Shed shed, @DefaultValue Tls tls,
                          @DefaultValue("") String publicUrl,
                          @DefaultValue Drain drain, @DefaultValue List<String> trustedProxies) {
        public Gateway {
            if (!publicUrl.isBlank() && !publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
                throw new IllegalArgumentException("imlab.gateway.public-url must start with http:// or https://, not "
                        + publicUrl);
            }
        }
    }

    /**
     * The drain before a gateway stops ({@code Drain}): health 503, upgrades refused, each device told
     * to reconnect after a random delay, then the stragglers closed with 1001.
     *
     * @param timeout how long the gateway waits for its devices to leave; 0: close them all at once.
     *        A Kubernetes pod's {@code terminationGracePeriodSeconds} must exceed it (by ~15 s for the rest)
     * @param spread devices reconnect after a delay drawn from [0, spread): N devices come back at about
     *        N / spread per second. 10 s turns a gateway of 10,000 into ~1,000 connects/s on the others
     */
    public record Drain(@DefaultValue("30s") Duration timeout, @DefaultValue("10s") Duration spread) {
    }

    /**
     * Overload shedding ({@code LoadShedder}): shedding starts when either signal reaches its high mark
     * and stops when both are down to their low marks.
     *
     * @param enabled off: no send is shed (benchmarks that measure saturation turn it off)
     * @param pendingHigh sends this gateway handed on without a send_ack back yet; at this many, shedding starts.
     *        10000 is under a second of the whole server's peak (about 13,500 msg/s on 2 cores)
     * @param pendingLow shedding stops at this many pending sends (and the lag at {@code lagLow})
     * @param lagHigh records of im.upstream the transfer has not committed, all gateways' sends; 0: not watched
     * @param lagLow shedding stops at this lag (and the pending sends at {@code pendingLow})
     * @param forgetAfter a pending send without an answer this long no longer counts (its answer was lost)
     */
    public record Shed(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int pendingHigh,
                       @DefaultValue("5000") int pendingLow, @DefaultValue("20000") long lagHigh,
                       @DefaultValue("10000") long lagLow, @DefaultValue("30s") Duration forgetAfter) {
    }

    /**
     * @param certificate PEM certificate chain; blank: no TLS (plain HTTP and ws://)
     * @param privateKey PEM private key of the certificate, unencrypted PKCS#8
     * @param provider auto (OpenSSL through netty-tcnative when it loads, else the JDK), openssl or jdk
     */
    public record Tls(@DefaultValue("") String certificate, @DefaultValue("") String privateKey,
                      @DefaultValue("auto") String provider) {
    }

    /**
     * @param tokenSecret HMAC secret shared by all gateways, at least 32 bytes; blank: generated once
     *        and kept in {@code dataDir/token-secret} (fine for one machine; set it for several)
     * @param tokenTtl how long a token is valid
     * @param bcryptCost BCrypt work factor; each +1 doubles the time of a login
     * @param requireRegisteredUser refuse a well-signed token whose user is not registered (one MongoDB read per
     *        user and gateway, then cached); false only for load tests that sign tokens for users they never
     *        registered (im-bench's connections and peers scenarios)
     */
    public record Auth(@DefaultValue("") String tokenSecret, @DefaultValue("24h") Duration tokenTtl,
                       @DefaultValue("10") int bcryptCost, @DefaultValue("true") boolean requireRegisteredUser) {
    }

    /**
     * Ports of the embedded infrastructure (0: any free port).
     *
     * @param mongoFsync sync each acknowledged write to disk (power-loss safe); off still survives kill -9
     * @param mongoStorage {@code disk}, or {@code memory}: a stand-in that keeps nothing, only for
     *        measuring what storage costs (a restart or crash loses every message)
     */
    public record Embedded(@DefaultValue("19092") int kafkaPort, @DefaultValue("16379") int redisPort,
                           @DefaultValue("27018") int mongoPort, @DefaultValue("true") boolean mongoFsync,
                           @DefaultValue("disk") String mongoStorage) {
        public Embedded {
            if (!mongoStorage.equals("disk") && !mongoStorage.equals("memory")) {
                throw new IllegalArgumentException("imlab.embedded.mongo-storage: '" + mongoStorage
                        + "' is neither 'disk' nor 'memory'");
            }
        }
    }

    /**
     * How long messages live (PROTOCOL.md v2, expiry).
     *
     * @param messageTtl a stored message expires this long after it was stored: no pull returns it from then on
     * @param reapInterval how often expired messages are deleted and each conversation's {@code minSeq} raised;
     *        0: a tenth of {@code messageTtl}, between 1 s and 1 min. Reads are exact whatever the interval
     */
    public record Retention(@DefaultValue("30d") Duration messageTtl, @DefaultValue("0s") Duration reapInterval) {
        public Retention {
            if (messageTtl.isNegative() || messageTtl.isZero()) {
                throw new IllegalArgumentException("imlab.retention.message-ttl must be positive, not " + messageTtl);
            }
        }

        public Duration effectiveReapInterval() {
            if (!reapInterval.isZero()) {
                return reapInterval;
            }
            Duration tenth = messageTtl.dividedBy(10);
            return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                    : tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
        }
    }

    /**
     * @param consumers members of the transfer's consumer group in this process, each with its own thread on
     *        partitions of its own: while one's batch is being stored, another computes the next. 1 by default:
     *        in a process that also runs the other roles a second consumer doubled the per-batch work at moderate
     *        rates (p99 at 2,000 msg/s 28-45 ms with one, 44-111 ms with two); 2 for a process that only
     *        transfers and must drain fast (a seq allocator plugged in from a lab runs with one)
     */
    public record Transfer(@DefaultValue("1") int consumers) {
        public Transfer {
            if (consumers < 1) {
                throw new IllegalArgumentException("imlab.transfer.consumers must be at least 1, not " + consumers);
            }
        }
    }

    /** @param window how long after its serverTime the sender may recall a message (a group's owner: always) */
    public record Recall(@DefaultValue("2m") Duration window) {
    }

    /**
     * Offline notifications posted to a webhook (PROTOCOL.md v2).
     *
     * @param webhookUrl where notifications are POSTed; blank: none are made
     * @param secret when set, each request carries {@code X-Imlab-Signature: sha256=<HMAC of the body>}
     * @param timeout a request not answered within this is retried
     * @param maxAttempts attempts per request, the first included, before its notifications are dropped
     * @param firstRetryDelay the back-off before the first retry; it doubles with each further one
     */
    public record OfflinePush(@DefaultValue("") String webhookUrl, @DefaultValue("") String secret,
                              @DefaultValue("5s") Duration timeout, @DefaultValue("6") int maxAttempts,
                              @DefaultValue("500ms") Duration firstRetryDelay) {
        public OfflinePush {
            if (maxAttempts < 4) {
                throw new IllegalArgumentException("imlab.offline-push.max-attempts must be at least 4 (3 retries), not "
                        + maxAttempts);
            }
            if (!webhookUrl.isBlank()) {
                java.net.URI uri;
                try {
                    uri = java.net.URI.create(webhookUrl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("imlab.offline-push.webhook-url is not a URL: " + webhookUrl, e);
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("imlab.offline-push.webhook-url must be http or https, not "
                            + webhookUrl);
                }
            }
        }

        public boolean enabled() {
            return !webhookUrl.isBlank();
        }
    }

    /**
     * Limits at every door (docs: robustness.adoc), counted per gateway process and per client address
     * (the TCP peer) or user. A rate is {@code N/D}: bursts of N, then N per D (see {@code Rate}).
     * Defaults suit one server facing the internet; load tests that run thousands of users from one
     * machine set {@code enabled=false}.
     *
     * @param enabled false: none of the limits below, nor {@code imlab.gateway.rate-*}, applies
     *        ({@code max-http-body} still does)
     * @param httpPerIp HTTP requests (pages, API, stats) per address: a chat page and a polling dashboard fit easily
     * @param handshakesPerIp WebSocket upgrades per address: room for an office behind one NAT reconnecting at once
     * @param loginsPerIp login attempts per address, refused before any BCrypt work
     * @param loginFailuresPerUser failed logins per user from addresses it never logged in from: a guess spread
     *        over many addresses
     * @param loginFailuresBeforeLockout failures in a row of one user from one address that lock the pair out
     * @param loginLockouts each lockout's length: the first, the second, then the last for every further one
     *        (Turms' growing steps, which start at 10 min); a pair, never the user: the owner logs in from elsewhere
     * @param registrationsPerIp registrations per address
     * @param connectionsPerUser devices of one user connected to one gateway; the next is refused with 429
     * @param maxConnections connections per gateway; the next is refused with 503 before the upgrade (OpenIM's
     *        websocketMaxConnNum is 100,000 too)
     * @param handshakeTimeout an HTTP request (the upgrade included) must be complete this long after the
     *        connection opened or its previous answer went out (slowloris); Netty's own handshake timeout is 10 s
     * @param firstFrameTimeout an upgraded connection must send a frame within this; clients send sync at once
     * @param bytesPerConnection bytes of frames per connection: a 64 KiB frame at once, 256 KiB/s on average
     * @param maxHttpBody largest HTTP request body in bytes (413 beyond); the API's JSON is small
     */
    public record Limits(@DefaultValue("true") boolean enabled,
                         @DefaultValue("300/1m") Rate httpPerIp,
                         @DefaultValue("60/1m") Rate handshakesPerIp,
                         @DefaultValue("20/1m") Rate loginsPerIp,
                         @DefaultValue("10/1m") Rate loginFailuresPerUser,
                         @DefaultValue("5") int loginFailuresBeforeLockout,
                         @DefaultValue({"1m", "30m", "60m"}) List<Duration> loginLockouts,
                         @DefaultValue("10/1h") Rate registrationsPerIp,
                         @DefaultValue("10") int connectionsPerUser,
                         @DefaultValue("100000") int maxConnections,
                         @DefaultValue("10s") Duration handshakeTimeout,
                         @DefaultValue("30s") Duration firstFrameTimeout,
                         @DefaultValue("1048576/4s") Rate bytesPerConnection,
                         @DefaultValue("65536") int maxHttpBody) {

        /** The gateway's view of these settings, checked there. */
        public LimitSettings settings() {
            return new LimitSettings(enabled, httpPerIp, handshakesPerIp, loginsPerIp, loginFailuresPerUser,
                    loginFailuresBeforeLockout, loginLockouts, registrationsPerIp, connectionsPerUser, maxConnections,
                    handshakeTimeout, firstFrameTimeout, bytesPerConnection, maxHttpBody);
        }
    }
}
