package dev.imlab.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /api/v1/auth/password} (an imlab extension): the new password replaces the old, every
 * token of the user issued before is refused on every gateway, every connection of the user is
 * kicked, and the answer carries a new token for the calling device. A refused change changes
 * nothing.
 */
class PasswordChangeTest {
    private static final String NEW_PASSWORD = "n3w-secret-pass";

    private final TestServer server = AuthzServer.main();
    private final Api api = new Api(server);
    private final Devices devices = new Devices();

    @AfterEach
    void closeDevices() {
        devices.close();
    }

    @Test
    void change_revokesEveryTokenOfTheUser_kicksAllItsConnections_andAnswersANewTokenForTheDevice() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String phoneToken = api.login(alice, TestServer.password(), "phone");
        String laptopToken = api.login(alice, TestServer.password(), "laptop");
        String tabletToken = api.login(alice, TestServer.password(), "tablet"); // never connected
        String bobToken = api.login(bob, TestServer.password(), "phone");
        RawSocket phone = devices.connect(server, phoneToken);
        RawSocket laptop = devices.connect(server, laptopToken);
        RawSocket bobPhone = devices.connect(server, bobToken);
        Devices.untilPong(phone);
        Devices.untilPong(laptop);

        Api.Answer answer = api.changePassword(phoneToken, TestServer.password(), NEW_PASSWORD);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        String newToken = answer.body().path("token").asString();
        assertThat(answer.body().path("expiresAt").asLong()).isGreaterThan(AuthzServer.CLOCK.millis());
        for (RawSocket kicked : new RawSocket[] {phone, laptop}) {
            assertThat(Devices.kicked(kicked).reason()).contains("password");
            assertThat(kicked.closeStatus()).isEqualTo(4001);
        }
        for (String old : new String[] {phoneToken, laptopToken, tabletToken}) {
            api.assertRefused(old);
        }
        api.assertAccepted(newToken);
        Devices.untilPong(devices.connect(server, newToken));
        assertThat(api.loginAnswer(alice, TestServer.password(), "phone").status()).isEqualTo(401);
        api.assertAccepted(api.login(alice, NEW_PASSWORD, "phone"));
        assertThat(Devices.untilPong(bobPhone)).as("bob is not touched").isEmpty();
        api.assertAccepted(bobToken);
    }

    @Test
    void change_withAWrongOldPassword_isForbidden_andChangesNothing() {
        String alice = server.newUser("alice");
        String token = api.login(alice, TestServer.password(), "phone");
        RawSocket phone = devices.connect(server, token);

        Api.Answer answer = api.changePassword(token, "not-the-password", NEW_PASSWORD);

        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(answer.error()).isEqualTo("FORBIDDEN");
        assertUnchanged(alice, token, phone);
    }

    @Test
    void change_toAPasswordOfTheWrongLength_isInvalidField_andChangesNothing() {
        String alice = server.newUser("alice");
        String token = api.login(alice, TestServer.password(), "phone");
        RawSocket phone = devices.connect(server, token);

        Api.Answer answer = api.changePassword(token, TestServer.password(), "short");

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("INVALID_FIELD");
        assertUnchanged(alice, token, phone);
    }

    @Test
    void change_withoutTheNewPassword_isMissingField_andChangesNothing() {
        String alice = server.newUser("alice");
        String token = api.login(alice, TestServer.password(), "phone");
        RawSocket phone = devices.connect(server, token);

        Api.Answer answer = api.call("PUT", "/api/v1/auth/password", token, Map.of("oldPassword", TestServer.password()));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("MISSING_FIELD");
        assertUnchanged(alice, token, phone);
    }

    private void assertUnchanged(String alice, String token, RawSocket phone) {
        assertThat(Devices.untilPong(phone)).as("the connection stays, nothing came").isEmpty();
        api.assertAccepted(token);
        assertThat(api.loginAnswer(alice, TestServer.password(), "laptop").status()).isEqualTo(200);
        assertThat(api.loginAnswer(alice, NEW_PASSWORD, "laptop").status()).isEqualTo(401);
    }

    @Test
    void aRepeatedChange_whoseOldPasswordIsAlreadyReplacedByTheNewOne_isAccepted_andRevokesAgain() {
        String alice = server.newUser("alice");
        String first = api.login(alice, TestServer.password(), "phone");
        String fromFirst = api.changePassword(first, TestServer.password(), NEW_PASSWORD).body().path("token").asString();
        String laptopToken = api.login(alice, NEW_PASSWORD, "laptop");

        Api.Answer repeat = api.changePassword(laptopToken, TestServer.password(), NEW_PASSWORD);

        assertThat(repeat.status()).as("%s", repeat).isEqualTo(200);
        api.assertRefused(fromFirst);
        api.assertAccepted(repeat.body().path("token").asString());
        assertThat(api.loginAnswer(alice, NEW_PASSWORD, "phone").status()).isEqualTo(200);
    }

    @Test
    void change_onOneGateway_kicksTheUsersConnectionsOnAnother_andTheOtherRefusesTheOldTokens() {
        TestServer other = AuthzServer.second();
        Api otherApi = new Api(other);
        String alice = server.newUser("alice");
        String phoneToken = api.login(alice, TestServer.password(), "phone");
        String laptopToken = otherApi.login(alice, TestServer.password(), "laptop");
        otherApi.assertAccepted(laptopToken);
        RawSocket laptop = devices.connect(other, laptopToken);
        Devices.untilPong(laptop);

        assertThat(api.changePassword(phoneToken, TestServer.password(), NEW_PASSWORD).status()).isEqualTo(200);

        assertThat(Devices.kicked(laptop).reason()).contains("password");
        assertThat(laptop.closeStatus()).isEqualTo(4001);
        otherApi.assertRefused(laptopToken);
        otherApi.assertRefused(phoneToken);
        otherApi.assertAccepted(otherApi.login(alice, NEW_PASSWORD, "laptop"));
    }
}
