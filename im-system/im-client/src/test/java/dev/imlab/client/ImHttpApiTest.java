package dev.imlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImHttpApiTest {
    /** What the stub answers per path: status and body. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** What it was asked per path: authorization header, body and method. */
    private final Map<String, String[]> requests = new ConcurrentHashMap<>();
    private HttpServer server;
    private ImHttpApi api;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        api = new ImHttpApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void token_sendsTheCredentials_andReturnsTokenAndExpiry() {
        answers.put("/api/v1/auth/token", new Answer(200, "{\"token\":\"abc.def\",\"expiresAt\":1767225600000}"));

        Token token = api.token("alice", "s3cret-pass", "web-1");

        assertThat(token).isEqualTo(new Token("abc.def", 1767225600000L));
        assertThat(requests.get("/api/v1/auth/token")[1])
                .contains("\"userId\":\"alice\"", "\"password\":\"s3cret-pass\"", "\"deviceId\":\"web-1\"");
    }

    @Test
    void register_throwsTheCodeOfTheErrorAnswer() {
        answers.put("/api/v1/users", new Answer(409, "{\"error\":\"USER_EXISTS\",\"message\":\"alice exists\"}"));

        assertThatThrownBy(() -> api.register("alice", "s3cret-pass"))
                .isInstanceOfSatisfying(ImException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USER_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("alice exists");
                });
    }

    @Test
    void createGroup_sendsTheBearerToken_andReturnsTheGroup() {
        answers.put("/api/v1/groups", new Answer(201, "{\"groupId\":\"g1\",\"members\":[\"alice\",\"bob\",\"carol\"]}"));

        Group group = api.createGroup("abc.def", "g1", List.of("bob", "carol"));

        assertThat(group).isEqualTo(new Group("g1", List.of("alice", "bob", "carol")));
        assertThat(requests.get("/api/v1/groups")[0]).isEqualTo("Bearer abc.def");
        assertThat(requests.get("/api/v1/groups")[1]).contains("\"members\":[\"bob\",\"carol\"]");
    }

    @Test
    void addMember_throwsForbidden_forANonOwner() {
        answers.put("/api/v1/groups/g1/members", new Answer(403, "{\"error\":\"FORBIDDEN\",\"message\":\"bob does not own g1\"}"));

        assertThatThrownBy(() -> api.addMember("abc.def", "g1", "dave"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void logout_sendsDeleteWithTheBearerToken_andAcceptsNoContent() {
        answers.put("/api/v1/auth/token", new Answer(204, ""));

        api.logout("abc.def");

        assertThat(requests.get("/api/v1/auth/token")[2]).isEqualTo("DELETE");
        assertThat(requests.get("/api/v1/auth/token")[0]).isEqualTo("Bearer abc.def");
    }

    @Test
    void logout_throwsUnauthorized_whenTheTokenIsNoLongerValid() {
        answers.put("/api/v1/auth/token", new Answer(401, "{\"error\":\"UNAUTHORIZED\",\"message\":\"token revoked\"}"));

        assertThatThrownBy(() -> api.logout("abc.def"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void changePassword_sendsPutWithBothPasswords_andReturnsTheNewToken() {
        answers.put("/api/v1/auth/password", new Answer(200, "{\"token\":\"new.token\",\"expiresAt\":1767225600000}"));

        Token token = api.changePassword("abc.def", "s3cret-pass", "n3w-secret-pass");

        assertThat(token).isEqualTo(new Token("new.token", 1767225600000L));
        String[] request = requests.get("/api/v1/auth/password");
        assertThat(request[2]).isEqualTo("PUT");
        assertThat(request[0]).isEqualTo("Bearer abc.def");
        assertThat(request[1]).contains("\"oldPassword\":\"s3cret-pass\"", "\"newPassword\":\"n3w-secret-pass\"");
    }

    @Test
    void changePassword_throwsForbidden_forAWrongOldPassword() {
        answers.put("/api/v1/auth/password", new Answer(403, "{\"error\":\"FORBIDDEN\",\"message\":\"wrong\"}"));

        assertThatThrownBy(() -> api.changePassword("abc.def", "not-the-pass", "n3w-secret-pass"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void errorAnswer_withoutAJsonBody_takesTheCodeOfItsStatus() {
        answers.put("/api/v1/users", new Answer(503, "upstream down"));

        assertThatThrownBy(() -> api.register("alice", "s3cret-pass"))
                .isInstanceOfSatisfying(ImException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("503", "upstream down");
                });
    }

    @Test
    void health_isTrue_onlyWhenTheServerSaysUp() throws IOException {
        answers.put("/api/v1/health", new Answer(200, "{\"status\":\"UP\"}"));
        assertThat(api.health()).isTrue();

        answers.put("/api/v1/health", new Answer(503, "{\"status\":\"DOWN\"}"));
        assertThat(api.health()).isFalse();

        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        assertThat(new ImHttpApi(URI.create("http://127.0.0.1:" + unused)).health()).isFalse();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.put(path, new String[] {exchange.getRequestHeaders().getFirst("Authorization"), body,
                exchange.getRequestMethod()});
        Answer answer = answers.getOrDefault(path, new Answer(404, "{\"error\":\"NOT_FOUND\",\"message\":\"" + path + "\"}"));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length); // -1: no body (204)
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
