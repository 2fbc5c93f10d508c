package dev.imlab.push.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs request bodies to the offline webhook (PROTOCOL.md v2): signed when a secret is set,
 * retried with doubling back-off on a timeout, a refused connection or any status other than 2xx,
 * and given up after {@code maxAttempts} tries (counted as dropped, logged). Never throws and never
 * blocks the caller: {@link #post} returns a future that completes once the body was taken or given
 * up.
 */
public final class Webhook {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);
    public static final String SIGNATURE_HEADER = "X-Imlab-Signature";

    private final URI uri;
    private final String secret;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration firstRetryDelay;
    private final HttpClient http;
    private final LongAdder retried = new LongAdder();

    public Webhook(URI uri, String secret, Duration timeout, int maxAttempts, Duration firstRetryDelay) {
        this.uri = uri;
        this.secret = secret;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.firstRetryDelay = firstRetryDelay;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What became of one body. */
    public enum Outcome { TAKEN, DROPPED }

    /** Requests sent again after a failed try, since start. */
    public long retried() {
        return retried.sum();
    }

    public CompletableFuture<Outcome> post(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!secret.isEmpty()) {
            request.header(SIGNATURE_HEADER, signature(secret, body));
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        attempt(request.build(), 1, outcome);
        return outcome;
    }

    private void attempt(HttpRequest request, int attempt, CompletableFuture<Outcome> outcome) {
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                outcome.complete(Outcome.TAKEN);
                return;
            }
            String why = error != null ? String.valueOf(error.getCause() != null ? error.getCause() : error)
                    : "status " + response.statusCode();
            if (attempt >= maxAttempts) {
                log.warn("offline webhook {} failed {} times, last: {}; dropping the request", uri, attempt, why);
                outcome.complete(Outcome.DROPPED);
                return;
            }
            long delay = firstRetryDelay.toMillis() << (attempt - 1);
            log.debug("offline webhook {} try {} failed ({}), again in {} ms", uri, attempt, why, delay);
            retried.increment();
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
            later.execute(() -> attempt(request, attempt + 1, outcome));
        });
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of the raw body, keyed with the secret's UTF-8 bytes. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
