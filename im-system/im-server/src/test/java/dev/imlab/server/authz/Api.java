package dev.imlab.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API and the WebSocket handshake as a client without the SDK sees them: every call
 * returns the status and the parsed body, so a test asserts the documented refusal itself.
 */
final class Api {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final TestServer server;

    Api(TestServer server) {
        this.server = server;
    }

    /** An answer: the status and the JSON body (an empty object when there is none). */
    record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").asString("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** {@code method path} with {@code Authorization: Bearer <token>} when {@code token} is not null, and a JSON body. */
    Answer call(String method, String path, String token, Object body) {
        return callWithHeader(method, path, token == null ? null : "Bearer " + token, body);
    }

    Answer callWithHeader(String method, String path, String authorization, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    // ---- the calls, each with the body PROTOCOL.md or protocol.adoc gives it --------------------------------

    String login(String userId, String password, String deviceId) {
        Answer answer = call("POST", "/api/v1/auth/token", null,
                Map.of("userId", userId, "password", password, "deviceId", deviceId));
        if (answer.status() != 200) {
            throw new AssertionError("login of " + userId + "/" + deviceId + ": " + answer);
        }
        return answer.body().path("token").asString();
    }

    Answer loginAnswer(String userId, String password, String deviceId) {
        return call("POST", "/api/v1/auth/token", null, Map.of("userId", userId, "password", password, "deviceId", deviceId));
    }

    Answer logout(String token) {
        return call("DELETE", "/api/v1/auth/token", token, null);
    }

    Answer changePassword(String token, String oldPassword, String newPassword) {
        return call("PUT", "/api/v1/auth/password", token, Map.of("oldPassword", oldPassword, "newPassword", newPassword));
    }

    Answer createGroup(String token, String groupId, List<String> members) {
        return call("POST", "/api/v1/groups", token, Map.of("groupId", groupId, "members", members));
    }

    Answer getGroup(String token, String groupId) {
        return call("GET", "/api/v1/groups/" + groupId, token, null);
    }

    Answer addMember(String token, String groupId, String userId) {
        return call("POST", "/api/v1/groups/" + groupId + "/members", token, Map.of("userId", userId));
    }

    Answer removeMember(String token, String groupId, String userId) {
        return call("DELETE", "/api/v1/groups/" + groupId + "/members/" + userId, token, null);
    }

    Answer leave(String token, String groupId) {
        return call("POST", "/api/v1/groups/" + groupId + "/leave", token, null);
    }

    /** The members of the group, read with a token that may read it; fails unless the read succeeds. */
    List<String> members(String token, String groupId) {
        Answer answer = getGroup(token, groupId);
        if (answer.status() != 200) {
            throw new AssertionError("GET group " + groupId + ": " + answer);
        }
        List<String> members = new ArrayList<>();
        answer.body().path("members").forEach(m -> members.add(m.asString()));
        return members;
    }

    /** The token is refused at the handshake and by the HTTP API, with 401 UNAUTHORIZED. */
    void assertRefused(String token) {
        assertThat(handshakeStatus(token)).as("handshake").isEqualTo(401);
        Answer answer = getGroup(token, "any-group");
        assertThat(answer.status()).as("%s", answer).isEqualTo(401);
        assertThat(answer.error()).isEqualTo("UNAUTHORIZED");
    }

    /** The token is accepted: a call for a group that does not exist gets 404, not 401. */
    void assertAccepted(String token) {
        assertThat(getGroup(token, "no-such-group").error()).isEqualTo("NO_SUCH_GROUP");
    }

    /**
     * Sends a WebSocket upgrade by hand (the JDK client hides the status) and returns the HTTP status:
     * 101 when the token is accepted, 401 when it is refused. {@code token} null: no token at all.
     */
    int handshakeStatus(String token) {
        URI base = server.baseUri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            String request = "GET /ws" + query + " HTTP/1.1\r\n"
                    + "Host: " + base.getAuthority() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (Exception e) {
            throw new AssertionError("handshake failed: " + e, e);
        }
    }
}
