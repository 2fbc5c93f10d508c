package dev.imlab.gateway.auth;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import dev.imlab.storage.user.UserRecord;
import dev.imlab.storage.user.UserStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Registration, login and password changes. Passwords are stored as BCrypt hashes; this class
 * blocks (BCrypt is slow on purpose, MongoDB is I/O), so callers run it off the event loop.
 */
public final class AccountService {
    private final UserStore users;
    private final BCryptPasswordEncoder passwords;
    private final TokenService tokens;
    private final Clock clock;
    // Checked against when the user does not exist, so a wrong user id costs as long as a wrong password.
    private final String dummyHash;

    public AccountService(UserStore users, TokenService tokens, int bcryptCost, Clock clock) {
        this.users = users;
        this.passwords = new BCryptPasswordEncoder(bcryptCost);
        this.tokens = tokens;
        this.clock = clock;
        this.dummyHash = passwords.encode("not-a-real-password");
    }

    public void register(String userId, String password) {
        Ids.requireId("userId", userId);
        Ids.requirePassword(password);
        users.create(userId, passwords.encode(password), clock.millis());
    }

    /**
     * A token for the device, if the password is right. The token counts as issued when the stored
     * hash was read, not when it is signed ~100 ms of BCrypt later: a password change that lands in
     * between revokes every token issued before it, and must cover this one, checked against the
     * old password.
     */
    public TokenService.IssuedToken login(String userId, String password, String deviceId) {
        Ids.requireId("deviceId", deviceId);
        long checkedAt = clock.millis();
        Optional<UserRecord> user = Ids.isId(userId) ? users.find(userId) : Optional.empty();
        String hash = user.map(UserRecord::passwordHash).orElse(dummyHash);
        boolean matches = password != null && passwords.matches(password, hash);
        if (user.isEmpty() || !matches) {
            throw ErrorCode.UNAUTHORIZED.exception("wrong user id or password");
        }
        return tokens.issue(userId, deviceId, checkedAt);
    }

    /**
     * Replaces the user's password, if {@code oldPassword} is the current one ({@code FORBIDDEN}
     * if not). Revoking the user's tokens is the caller's next step ({@link TokenRevoker#revokeAll}).
     *
     * <p>A repeat is harmless: if the old password no longer matches but the new one does, the
     * change was made already (its answer was lost, or revoking failed and the client retries),
     * and the caller goes on to revoke as the first attempt would have.
     */
    public void changePassword(String userId, String oldPassword, String newPassword) {
        Ids.requirePassword(newPassword);
        UserRecord user = users.find(userId)
                .orElseThrow(() -> ErrorCode.UNAUTHORIZED.exception("user '" + userId + "' is not registered"));
        if (oldPassword != null && passwords.matches(oldPassword, user.passwordHash())) {
            users.updatePasswordHash(userId, passwords.encode(newPassword));
            return;
        }
        if (!passwords.matches(newPassword, user.passwordHash())) {
            throw ErrorCode.FORBIDDEN.exception("oldPassword is not the current password of '" + userId + "'");
        }
    }

    /**
     * A token for the device that a revocation at {@code epoch} does not cover: after a password
     * change, for the device that changed it. Issued at {@code epoch} at the earliest, even if this
     * gateway's clock has stepped back since.
     */
    public TokenService.IssuedToken tokenFrom(String userId, String deviceId, long epoch) {
        return tokens.issue(userId, deviceId, Math.max(clock.millis(), epoch));
    }
}
