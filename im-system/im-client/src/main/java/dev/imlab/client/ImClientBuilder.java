package dev.imlab.client;

import dev.imlab.client.internal.ClientSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Settings for an {@link ImClient}. Required: {@link #baseUri}, {@link #userId},
 * {@link #deviceId}, and a {@link #password} or a ready {@link #token} (or both).
 */
public final class ImClientBuilder {
    /** Short enough that a crash repeats little, long enough that one ack covers a burst of messages. */
    public static final Duration DEFAULT_ACK_DELAY = Duration.ofMillis(50);
    /**
     * A user scrolling through a chat marks many messages read a second; one {@code read} per
     * conversation per 200 ms carries the same read seq, and the peer's "read" mark lags by less
     * than a person notices.
     */
    public static final Duration DEFAULT_READ_DELAY = Duration.ofMillis(200);
    /** Fast enough that a blip of the network goes unnoticed. */
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(100);
    /** A restarted server gets its clients back within seconds, spread out by jitter. */
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
    /** Below the 30 to 60 s idle timeouts of common NATs and load balancers. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    /** Far above a healthy round trip; a needless re-send costs one deduped frame. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private URI baseUri;
    private String userId;
    private String deviceId;
    private String password;
    private String token;
    private boolean autoAck = true;
    private Duration ackDelay = DEFAULT_ACK_DELAY;
    private Duration readDelay = DEFAULT_READ_DELAY;
    private boolean reconnect = true;
    private Duration reconnectMin = DEFAULT_RECONNECT_MIN;
    private Duration reconnectMax = DEFAULT_RECONNECT_MAX;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private HttpClient httpClient;
    private SSLContext sslContext;

    ImClientBuilder() {
    }

    /**
     * The server's HTTP address, {@code http://host:port}; the WebSocket is at {@code ws://host:port/ws}.
     * With {@code https://host:port} (a gateway with a certificate) tokens come over HTTPS and the
     * WebSocket is {@code wss://host:port/ws}. The gateway's WebSocket URL ({@code ws://host:port/ws}
     * or {@code wss://host:port/ws}) works too: it names the same address.
     */
    public ImClientBuilder baseUri(URI baseUri) {
        this.baseUri = baseUri;
        return this;
    }

    public ImClientBuilder baseUri(String baseUri) {
        return baseUri(URI.create(baseUri));
    }

    public ImClientBuilder userId(String userId) {
        this.userId = userId;
        return this;
    }

    /** Tells this user's devices apart; a second connection with the same one kicks the first. */
    public ImClientBuilder deviceId(String deviceId) {
        this.deviceId = deviceId;
        return this;
    }

    /** Lets the client fetch a token, and a new one when the server refuses an expired token. */
    public ImClientBuilder password(String password) {
        this.password = password;
        return this;
    }

    /** A token fetched elsewhere; without a password the client cannot replace it once it expires. */
    public ImClientBuilder token(String token) {
        this.token = token;
        return this;
    }

    /** On (the default): ack what {@code onMessage} returned from. Off: the app calls {@link ImClient#ack}. */
    public ImClientBuilder autoAck(boolean autoAck) {
        this.autoAck = autoAck;
        return this;
    }

    /** How long acks are gathered into one per conversation; {@link Duration#ZERO} acks at once. */
    public ImClientBuilder ackDelay(Duration ackDelay) {
        this.ackDelay = ackDelay;
        return this;
    }

    /**
     * How long {@link ImClient#read} calls are gathered into one {@code read} frame per
     * conversation, carrying the highest seq; {@link Duration#ZERO} sends each at once.
     */
    public ImClientBuilder readDelay(Duration readDelay) {
        this.readDelay = readDelay;
        return this;
    }

    public ImClientBuilder reconnect(boolean reconnect) {
        this.reconnect = reconnect;
        return this;
    }

    /** The reconnect delay starts at {@code min} and doubles per failure up to {@code max}, with jitter. */
    public ImClientBuilder reconnectBackoff(Duration min, Duration max) {
        this.reconnectMin = min;
        this.reconnectMax = max;
        return this;
    }

    public ImClientBuilder pingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
        return this;
    }

    /** How long to wait for a {@code send_ack} before sending the same frame again. */
    public ImClientBuilder sendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
        return this;
    }

    public ImClientBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** The time source for liveness checks and token expiry. */
    public ImClientBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** An HTTP client to share; by default each ImClient makes its own. */
    public ImClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = httpClient;
        return this;
    }

    /**
     * The TLS context for an {@code https://} base URI, when the server's certificate is not one the
     * JVM trusts by default (a self-signed or a company CA's): build it from a trust store that holds
     * that certificate. Ignored when an {@link #httpClient} is given: that client's own context applies.
     */
    public ImClientBuilder sslContext(SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    /** @throws IllegalArgumentException or {@code ImException} for a missing or malformed setting */
    public ImClient build() {
        if (password == null && token == null) {
            throw new IllegalArgumentException("give a password or a token");
        }
        ClientSettings settings = new ClientSettings(baseUri, userId, deviceId, autoAck, ackDelay, readDelay, reconnect,
                reconnectMin, reconnectMax, pingInterval, sendTimeout, connectTimeout, clock);
        HttpClient http = Objects.requireNonNullElseGet(httpClient, () -> {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
            return (sslContext == null ? builder : builder.sslContext(sslContext)).build();
        });
        return new ImClient(settings, password, token, http);
    }
}
