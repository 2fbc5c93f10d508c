package dev.imlab.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API of PROTOCOL.md spoken with the JDK client: users, tokens and the group endpoints. */
final class GroupHttp {
    static final String PASSWORD = "s3cret-pass";
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    GroupHttp(URI base) {
        this.base = base;
    }

    /** An HTTP answer: status and JSON body. */
    record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").asString();
        }

        List<String> members() {
            return body.path("members").valueStream().map(JsonNode::asString).toList();
        }
    }

    /**
     * A name unique in this JVM. Every one holds a '.', which MongoDB would read as a path
     * separator if a user id ever became a field name.
     */
    static String uniqueName(String prefix) {
        return prefix + "." + UNIQUE.incrementAndGet();
    }

    /** Registers a user with a unique name starting with {@code prefix}. */
    String newUser(String prefix) {
        String userId = uniqueName(prefix);
        Answer answer = call("POST", "/api/v1/users", null, Map.of("userId", userId, "password", PASSWORD));
        if (answer.status() != 201) {
            throw new AssertionError("cannot register " + userId + ": " + answer);
        }
        return userId;
    }

    String token(String userId, String deviceId) {
        Answer answer = call("POST", "/api/v1/auth/token", null,
                Map.of("userId", userId, "password", PASSWORD, "deviceId", deviceId));
        if (answer.status() != 200) {
            throw new AssertionError("cannot log in " + userId + ": " + answer);
        }
        return answer.body().path("token").asString();
    }

    URI webSocketUri(String token) {
        return URI.create("ws://" + base.getAuthority() + "/ws?token=" + token);
    }

    Answer create(String token, String groupId, List<String> members) {
        return call("POST", "/api/v1/groups", token, Map.of("groupId", groupId, "members", members));
    }

    Answer add(String token, String groupId, String userId) {
        return call("POST", "/api/v1/groups/" + groupId + "/members", token, Map.of("userId", userId));
    }

    Answer remove(String token, String groupId, String userId) {
        return call("DELETE", "/api/v1/groups/" + groupId + "/members/" + userId, token, null);
    }

    Answer leave(String token, String groupId) {
        return call("POST", "/api/v1/groups/" + groupId + "/leave", token, null);
    }

    Answer get(String token, String groupId) {
        return call("GET", "/api/v1/groups/" + groupId, token, null);
    }

    /** A call with a body to encode as JSON (a String is sent as it is), or none. */
    Answer call(String method, String path, String token, Object body) {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }
}
