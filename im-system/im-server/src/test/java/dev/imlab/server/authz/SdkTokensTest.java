package dev.imlab.server.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.client.ConnectionState;
import dev.imlab.client.ImClient;
import dev.imlab.client.ImHttpApi;
import dev.imlab.client.Token;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.server.support.TestServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK's {@code ImHttpApi.logout} and {@code ImHttpApi.changePassword} against a real
 * server, and what an {@code ImClient} whose token is revoked does: it hears {@code kicked} and
 * stays {@link ConnectionState#KICKED}, rather than reconnecting with a token that can only get 401.
 */
class SdkTokensTest {
    private final TestServer server = AuthzServer.main();
    private final ImHttpApi http = server.http();

    @Test
    void logout_kicksTheClientUsingTheToken_andTheClientStaysKicked() throws Exception {
        String alice = server.newUser("alice");
        Token token = http.token(alice, TestServer.password(), "phone");
        CompletableFuture<String> kicked = new CompletableFuture<>();
        try (ImClient client = ImClient.builder().baseUri(server.baseUri()).userId(alice).deviceId("phone")
                .token(token.token()).build()) {
            client.onKicked(kicked::complete);
            client.connect();

            http.logout(token.token());

            assertThat(kicked.get(15, TimeUnit.SECONDS)).contains("logged out");
            assertThat(client.state()).isEqualTo(ConnectionState.KICKED);
        }
        assertThatThrownBy(() -> http.logout(token.token())).isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void imClientLogout_closesTheClient_andRevokesItsToken_only() {
        String alice = server.newUser("alice");
        String phone = http.token(alice, TestServer.password(), "phone").token();
        String laptop = http.token(alice, TestServer.password(), "laptop").token();
        ImClient client = ImClient.builder().baseUri(server.baseUri()).userId(alice).deviceId("phone").token(phone).build();
        client.connect();

        client.logout();

        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(() -> http.logout(phone)).as("already revoked").isInstanceOfSatisfying(ImException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        http.logout(laptop); // still valid until now: a logout revokes one token
    }

    @Test
    void changePassword_returnsATokenThatConnects_andTheOldPasswordNoLongerLogsIn() {
        String alice = server.newUser("alice");
        Token old = http.token(alice, TestServer.password(), "phone");

        Token fresh = http.changePassword(old.token(), TestServer.password(), "n3w-secret-pass");

        try (ImClient client = ImClient.builder().baseUri(server.baseUri()).userId(alice).deviceId("phone")
                .token(fresh.token()).build()) {
            client.connect();
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        }
        assertThatThrownBy(() -> http.token(alice, TestServer.password(), "phone")).isInstanceOfSatisfying(
                ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> http.changePassword(old.token(), TestServer.password(), "an0ther-pass"))
                .isInstanceOfSatisfying(ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
