package dev.imlab.client;

import dev.imlab.client.internal.Failures;
import dev.imlab.client.internal.HttpErrors;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import dev.imlab.protocol.ImException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP half of PROTOCOL.md: users, tokens, groups, health; and imlab's extensions for
 * logging out and changing the password. Thread-safe; every call blocks until the server answers.
 *
 * <p>An error answer {@code {"error":"CODE","message":"..."}} becomes an {@link ImException}
 * with that {@link ErrorCode} (or, when the body is not such an object, the code of the HTTP
 * status); a network failure becomes an {@link UncheckedIOException}. Ids and passwords are
 * not checked here but by the server, so that a test can watch the server refuse them.
 */
public final class ImHttpApi {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI baseUri;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /** {@code baseUri} is the server's address, {@code http://host:port}. */
    public ImHttpApi(URI baseUri) {
        this(baseUri, HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build());
    }

    public ImHttpApi(URI baseUri, HttpClient http) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** {@code POST /api/v1/users}; {@code USER_EXISTS} when taken. */
    public void register(String userId, String password) {
        ObjectNode body = json.createObjectNode().put("userId", userId).put("password", password);
        Failures.await(call("POST", "/api/v1/users", null, body));
    }

    /** {@code POST /api/v1/auth/token}; {@code UNAUTHORIZED} on wrong credentials. */
    public Token token(String userId, String password, String deviceId) {
        return Failures.await(tokenAsync(userId, password, deviceId));
    }

    /**
     * {@code DELETE /api/v1/auth/token} (imlab extension): revokes this token on every gateway; the
     * connections that use it are closed with {@code kicked}. {@code UNAUTHORIZED} if the token is
     * not valid (a repeat of a logout whose answer was lost gets this too: the token is gone either way).
     */
    public void logout(String token) {
        Failures.await(call("DELETE", "/api/v1/auth/token", Objects.requireNonNull(token, "token"), null));
    }

    /**
     * {@code PUT /api/v1/auth/password} (imlab extension): replaces the password of the token's user
     * and revokes every token of the user, closing all its connections; returns a new token for the
     * token's device. {@code FORBIDDEN} if {@code oldPassword} is wrong, {@code INVALID_FIELD} for a
     * new password of the wrong length, {@code UNAUTHORIZED} if the token is not valid.
     */
    public Token changePassword(String token, String oldPassword, String newPassword) {
        ObjectNode body = json.createObjectNode().put("oldPassword", oldPassword).put("newPassword", newPassword);
        JsonNode answer = Failures.await(call("PUT", "/api/v1/auth/password", Objects.requireNonNull(token, "token"), body));
        return new Token(answer.path("token").asString(), answer.path("expiresAt").asLong());
    }

    /** {@code POST /api/v1/groups}: the caller becomes owner and member. */
    public Group createGroup(String token, String groupId, List<String> members) {
        ObjectNode body = json.createObjectNode().put("groupId", groupId);
        members.forEach(body.putArray("members")::add);
        return group(Failures.await(call("POST", "/api/v1/groups", token, body)));
    }

    /** {@code POST /api/v1/groups/{groupId}/members}, owner only; adding a member twice is harmless. */
    public Group addMember(String token, String groupId, String userId) {
        ObjectNode body = json.createObjectNode().put("userId", userId);
        String path = "/api/v1/groups/" + URLEncoder.encode(groupId, StandardCharsets.UTF_8) + "/members";
        return group(Failures.await(call("POST", path, token, body)));
    }

    /** Whether {@code GET /api/v1/health} answers {@code UP}; false too when nothing listens yet. */
    public boolean health() {
        try {
            JsonNode answer = Failures.await(call("GET", "/api/v1/health", null, null));
            return "UP".equals(answer.path("status").asString());
        } catch (ImException | UncheckedIOException notUp) {
            return false;
        }
    }

    CompletableFuture<Token> tokenAsync(String userId, String password, String deviceId) {
        ObjectNode body = json.createObjectNode().put("userId", userId).put("password", password).put("deviceId", deviceId);
        return call("POST", "/api/v1/auth/token", null, body)
                .thenApply(answer -> new Token(answer.path("token").asString(), answer.path("expiresAt").asLong()));
    }

    private CompletableFuture<JsonNode> call(String method, String path, String token, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(this::answer);
    }

    private JsonNode answer(HttpResponse<String> response) {
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return body;
        }
        String code = body.path("error").asString("");
        String message = body.path("message").asString("HTTP " + response.statusCode() + ": " + Ids.abbreviate(response.body(), 200));
        throw new ImException(knownCode(code, response.statusCode()), message);
    }

    private JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (JacksonException notJson) {
            return json.createObjectNode();
        }
    }

    private static ErrorCode knownCode(String code, int status) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.name().equals(code)) {
                return c;
            }
        }
        return HttpErrors.codeOf(status);
    }

    private static Group group(JsonNode answer) {
        List<String> members = new ArrayList<>();
        answer.path("members").forEach(m -> members.add(m.asString()));
        return new Group(answer.path("groupId").asString(), members);
    }
}
