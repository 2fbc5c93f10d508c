package dev.imlab.server.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.auth0.jwt.JWT;
import dev.imlab.gateway.auth.RevocationStore;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/v1/auth/token} (an imlab extension): the token is refused at once, on every
 * gateway, and the connections that used it get {@code kicked} and are closed with 4001; the
 * user's other tokens and connections stay.
 */
class LogoutTest {
    private final TestServer server = AuthzServer.main();
    private final Api api = new Api(server);
    private final Devices devices = new Devices();

    @AfterEach
    void closeDevices() {
        devices.close();
    }

    @Test
    void logout_answers204_refusesTheToken_andKicksTheConnectionThatUsedIt() {
        String alice = server.newUser("alice");
        String token = api.login(alice, TestServer.password(), "phone");
        RawSocket phone = devices.connect(server, token);
        Devices.untilPong(phone);

        Api.Answer answer = api.logout(token);

        assertThat(answer.status()).as("%s", answer).isEqualTo(204);
        assertThat(answer.body().isEmpty()).isTrue();
        assertThat(Devices.kicked(phone).reason()).contains("logged out");
        assertThat(phone.closeStatus()).isEqualTo(4001);
        api.assertRefused(token);
        assertThat(api.logout(token).status()).as("a repeat: the token is gone either way").isEqualTo(401);
    }

    @Test
    void logout_leavesTheUsersOtherTokens_andOtherDevices_alone() {
        String alice = server.newUser("alice");
        String phoneToken = api.login(alice, TestServer.password(), "phone");
        String laterPhoneToken = api.login(alice, TestServer.password(), "phone");
        String laptopToken = api.login(alice, TestServer.password(), "laptop");
        RawSocket phone = devices.connect(server, phoneToken);
        RawSocket laptop = devices.connect(server, laptopToken);
        Devices.untilPong(phone);

        assertThat(api.logout(phoneToken).status()).isEqualTo(204);

        assertThat(phone.closeStatus()).isEqualTo(4001);
        assertThat(Devices.untilPong(laptop)).as("the laptop's connection is untouched").isEmpty();
        api.assertAccepted(laptopToken);
        api.assertAccepted(laterPhoneToken); // the same device's other token: logout revokes one token, not a device
        api.assertRefused(phoneToken);
    }

    @Test
    void logout_onOneGateway_kicksTheConnectionOnAnother_andTheOtherRefusesTheToken() {
        TestServer other = AuthzServer.second();
        Api otherApi = new Api(other);
        String alice = server.newUser("alice");
        String token = api.login(alice, TestServer.password(), "phone");
        otherApi.assertAccepted(token); // the other gateway now holds "not revoked" for this token
        RawSocket phone = devices.connect(other, token);
        Devices.untilPong(phone);

        assertThat(api.logout(token).status()).isEqualTo(204);

        assertThat(Devices.kicked(phone).reason()).contains("logged out");
        assertThat(phone.closeStatus()).isEqualTo(4001);
        otherApi.assertRefused(token);
        api.assertRefused(token);
    }

    @Test
    void aGatewayThatSawTheTokenRecently_andMissedTheAnnouncement_refusesItOnceTheRecheckWindowHasPassed() {
        String alice = server.newUser("alice");
        String token = api.login(alice, TestServer.password(), "phone");
        long checkedAt = AuthzServer.CLOCK.millis();
        api.assertAccepted(token);
        // What a logout on a gateway whose announcement never arrived leaves behind: only the Redis entry.
        RedisClient client = RedisClient.create(server.infrastructure().redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().set("revoked-token:" + JWT.decode(token).getId(), alice, SetArgs.Builder.px(3_600_000));
        } finally {
            client.shutdown();
        }

        boolean withinWindow = AuthzServer.CLOCK.millis() - checkedAt < RevocationStore.RECHECK_AFTER.toMillis() - 1_000;
        if (withinWindow) {
            api.assertAccepted(token); // the window: this gateway believes its check of a moment ago
        }
        AuthzServer.CLOCK.advance(RevocationStore.RECHECK_AFTER);

        api.assertRefused(token);
        assumeTrue(withinWindow, "the machine was too slow to see the window itself");
    }
}
