package dev.imlab.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** PROTOCOL.md's group endpoints, spoken with the JDK HTTP client; each call asserts its documented status. */
final class Groups {
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final TestServer server;

    Groups(TestServer server) {
        this.server = server;
    }

    private String token(String userId) {
        return server.http().token(userId, TestServer.password(), "http").token();
    }

    /** A new group owned by {@code owner} with these other members; returns its id. */
    String create(String owner, String... members) {
        String groupId = "g" + UNIQUE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Answer answer = call("POST", "/api/v1/groups", token(owner),
                Map.of("groupId", groupId, "members", List.of(members)));
        assertThat(answer.status()).as("create group: %s", answer).isEqualTo(201);
        return groupId;
    }

    void add(String owner, String groupId, String userId) {
        Answer answer = call("POST", "/api/v1/groups/" + groupId + "/members", token(owner), Map.of("userId", userId));
        assertThat(answer.status()).as("add member: %s", answer).isEqualTo(200);
    }

    /** {@code DELETE /api/v1/groups/{g}/members/{u}} by the owner. */
    void remove(String owner, String groupId, String userId) {
        Answer answer = call("DELETE", "/api/v1/groups/" + groupId + "/members/" + userId, token(owner), null);
        assertThat(answer.status()).as("remove member: %s", answer).isBetween(200, 204);
    }

    record Answer(int status, String body) {
    }

    private Answer call(String method, String path, String token, Object body) {
        String text = body == null ? "" : WireClient.JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    static JsonNode parse(String text) {
        return WireClient.JSON.readTree(text);
    }

    static String conversation(String groupId) {
        return "sg_" + groupId;
    }

    static String single(String a, String b) {
        return a.compareTo(b) < 0 ? "si_" + a + "_" + b : "si_" + b + "_" + a;
    }
}
