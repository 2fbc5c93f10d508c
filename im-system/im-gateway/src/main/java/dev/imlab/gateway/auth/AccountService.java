package dev.imlab.gateway.auth;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import dev.imlab.storage.user.UserRecord;
import dev.imlab.storage.user.UserStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Registration and login. Passwords are stored as BCrypt hashes; this class blocks (BCrypt is
 * slow on purpose, MongoDB is I/O), so callers run it off the event loop.
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

    public TokenService.IssuedToken login(String userId, String password, String deviceId) {
        Ids.requireId("deviceId", deviceId);
        Optional<UserRecord> user = Ids.isId(userId) ? users.find(userId) : Optional.empty();
        String hash = user.map(UserRecord::passwordHash).orElse(dummyHash);
        boolean matches = password != null && passwords.matches(password, hash);
        if (user.isEmpty() || !matches) {
            throw ErrorCode.UNAUTHORIZED.exception("wrong user id or password");
        }
        return tokens.issue(userId, deviceId);
    }
}
