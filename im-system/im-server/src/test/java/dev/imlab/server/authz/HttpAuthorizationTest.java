package dev.imlab.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.server.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP call with a valid token of a user who may not make it: a member who is not the owner,
 * a user outside the group, a member who left, a user naming another user in the body. Each gets
 * the documented status and code, and the group or account stays as it was.
 *
 * <p>The cast: alice owns group g of alice, bob and carol; carol left g; mallory is in no group;
 * dave is a user to add.
 */
class HttpAuthorizationTest {
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final TestServer server = AuthzServer.main();
    private final Api api = new Api(server);

    private String alice;
    private String bob;
    private String carol;
    private String mallory;
    private String dave;
    private String groupId;

    @BeforeEach
    void cast() {
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        carol = server.newUser("carol");
        mallory = server.newUser("mallory");
        dave = server.newUser("dave");
        groupId = "authz-http" + UNIQUE.incrementAndGet();
        assertThat(api.createGroup(token(alice), groupId, List.of(bob, carol)).status()).isEqualTo(201);
        assertThat(api.leave(token(carol), groupId).status()).isEqualTo(200);
    }

    private String token(String user) {
        return api.login(user, TestServer.password(), "http");
    }

    private static void assertAnswer(Api.Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.error()).as("%s", answer).isEqualTo(code);
    }

    private void assertMembersUnchanged() {
        assertThat(api.members(token(alice), groupId)).containsExactly(alice, bob);
    }

    @Test
    void addMember_byAMemberWhoIsNotTheOwner_isForbidden_andAddsNobody() {
        assertAnswer(api.addMember(token(bob), groupId, dave), 403, "FORBIDDEN");
        assertMembersUnchanged();
    }

    @Test
    void addMember_byAUserOutsideTheGroup_orAMemberThatLeft_isForbidden_andAddsNobody() {
        assertAnswer(api.addMember(token(mallory), groupId, mallory), 403, "FORBIDDEN");
        assertAnswer(api.addMember(token(carol), groupId, carol), 403, "FORBIDDEN");
        assertMembersUnchanged();
    }

    @Test
    void removeMember_byAMemberWhoIsNotTheOwner_isForbidden_andRemovesNobody() {
        assertAnswer(api.removeMember(token(bob), groupId, alice), 403, "FORBIDDEN");
        assertAnswer(api.removeMember(token(mallory), groupId, bob), 403, "FORBIDDEN");
        assertMembersUnchanged();
    }

    @Test
    void theOwner_canNeitherLeave_norRemoveItself() {
        assertAnswer(api.leave(token(alice), groupId), 403, "FORBIDDEN");
        assertAnswer(api.removeMember(token(alice), groupId, alice), 403, "FORBIDDEN");
        assertMembersUnchanged();
    }

    @Test
    void leave_byAUserOutsideTheGroup_orAMemberThatLeft_isNotMember() {
        assertAnswer(api.leave(token(mallory), groupId), 403, "NOT_MEMBER");
        assertAnswer(api.leave(token(carol), groupId), 403, "NOT_MEMBER");
        assertMembersUnchanged();
    }

    @Test
    void getGroup_byAUserOutsideTheGroup_orAMemberThatLeft_isNotMember_andShowsNoMembers() {
        for (String outsider : List.of(mallory, carol)) {
            Api.Answer answer = api.getGroup(token(outsider), groupId);
            assertAnswer(answer, 403, "NOT_MEMBER");
            assertThat(answer.body().has("members")).isFalse();
        }
    }

    @Test
    void createGroup_withTheIdOfAnExistingGroup_isGroupExists_andKeepsItsOwnerAndMembers() {
        assertAnswer(api.createGroup(token(mallory), groupId, List.of(dave)), 409, "GROUP_EXISTS");
        Api.Answer group = api.getGroup(token(alice), groupId);
        assertThat(group.body().path("owner").asString()).isEqualTo(alice);
        assertMembersUnchanged();
    }

    @Test
    void register_anExistingUserId_isUserExists_andKeepsItsPassword() {
        Api.Answer answer = api.call("POST", "/api/v1/users", null, Map.of("userId", alice, "password", "taken-over-pass"));

        assertAnswer(answer, 409, "USER_EXISTS");
        assertThat(api.loginAnswer(alice, "taken-over-pass", "x").status()).isEqualTo(401);
        assertThat(api.loginAnswer(alice, TestServer.password(), "x").status()).isEqualTo(200);
    }

    @Test
    void login_asAnotherUser_withoutTheirPassword_isUnauthorized() {
        assertAnswer(api.loginAnswer(alice, "guessed-password", "phone"), 401, "UNAUTHORIZED");
        assertAnswer(api.loginAnswer("no-such-user-" + UNIQUE.incrementAndGet(), TestServer.password(), "phone"), 401,
                "UNAUTHORIZED");
    }

    @Test
    void changePassword_withABodyNamingAnotherUser_changesOnlyTheCallersPassword() {
        Api.Answer answer = api.call("PUT", "/api/v1/auth/password", token(mallory), Map.of("userId", alice,
                "oldPassword", TestServer.password(), "newPassword", "mall0ry-was-here"));

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(api.loginAnswer(alice, TestServer.password(), "x").status()).isEqualTo(200);
        assertThat(api.loginAnswer(alice, "mall0ry-was-here", "x").status()).isEqualTo(401);
        assertThat(api.loginAnswer(mallory, "mall0ry-was-here", "x").status()).isEqualTo(200);
    }

    @Test
    void logout_revokesOnlyTheCallersToken_whateverTheBodyOrQuerySays() {
        String aliceToken = token(alice);
        String malloryToken = token(mallory);

        Api.Answer answer = api.call("DELETE", "/api/v1/auth/token?userId=" + alice, malloryToken, Map.of("token", aliceToken));

        assertThat(answer.status()).as("%s", answer).isEqualTo(204);
        assertThat(api.getGroup(aliceToken, groupId).status()).isEqualTo(200);
        assertThat(api.getGroup(malloryToken, groupId).status()).isEqualTo(401);
    }
}
