package dev.imlab.client.internal;

import dev.imlab.client.Token;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens WebSocket connections to {@code ws://HOST:PORT/ws?token=TOKEN}, fetching a token first
 * when it has none or the one it has is about to expire. Thread-safe.
 *
 * <p>Failures come back as the exception the app should see: a refused handshake as an
 * {@link ImException} with the code of its HTTP status (401 is {@code UNAUTHORIZED}), a network
 * failure as an {@link UncheckedIOException} that keeps its cause.
 */
final class Connector {
    /** A token this close to its expiry is replaced before connecting, as the handshake may take that long. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI baseUri;
    private final TokenSource tokens;
    private final Clock clock;
    private final Duration connectTimeout;
    private volatile Token token;

    /** {@code tokens} may be null (a ready token only); {@code token} may be null (fetch first). */
    Connector(HttpClient http, URI baseUri, TokenSource tokens, Token token, Clock clock, Duration connectTimeout) {
        this.http = http;
        this.baseUri = baseUri;
        this.tokens = tokens;
        this.token = token;
        this.clock = clock;
        this.connectTimeout = connectTimeout;
    }

    CompletableFuture<WebSocket> open(WebSocket.Listener listener) {
        return currentToken()
                .thenCompose(t -> http.newWebSocketBuilder()
                        .connectTimeout(connectTimeout)
                        .buildAsync(webSocketUri(t.token()), listener))
                .handle((ws, error) -> {
                    if (error != null) {
                        throw new CompletionException(describe(error));
                    }
                    return ws;
                });
    }

    /** The token the last connection opened with (or the one given), or null when none was fetched yet. */
    Token token() {
        return token;
    }

    /** The server refused the token: forget it, so that the next {@link #open} fetches another. */
    void tokenRefused() {
        token = null;
    }

    boolean canFetchTokens() {
        return tokens != null;
    }

    private CompletableFuture<Token> currentToken() {
        Token t = token;
        if (t != null && (tokens == null || !expiresSoon(t))) {
            return CompletableFuture.completedFuture(t); // with no password, even an old token is worth a try
        }
        if (tokens == null) {
            return CompletableFuture.failedFuture(ErrorCode.UNAUTHORIZED.exception(
                    "the token was refused and no password is known to fetch another"));
        }
        return tokens.fetch().thenApply(fetched -> {
            token = fetched;
            return fetched;
        });
    }

    private boolean expiresSoon(Token t) {
        return t.expiresAt() != 0 && clock.millis() >= t.expiresAt() - EXPIRY_MARGIN.toMillis();
    }

    private URI webSocketUri(String token) {
        String scheme = "https".equals(baseUri.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + baseUri.getRawAuthority() + "/ws?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    static RuntimeException describe(Throwable error) {
        RuntimeException cause = Failures.unwrap(error);
        if (cause instanceof UncheckedIOException && cause.getCause() instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            return new ImException(HttpErrors.codeOf(status), "the server refused the WebSocket handshake with HTTP " + status);
        }
        return cause;
    }
}
