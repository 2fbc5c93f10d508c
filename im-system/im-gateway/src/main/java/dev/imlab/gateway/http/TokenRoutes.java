package dev.imlab.gateway.http;

import dev.imlab.gateway.auth.AccountService;
import dev.imlab.gateway.auth.Authenticator;
import dev.imlab.gateway.auth.TokenRevoker;
import dev.imlab.gateway.auth.TokenService;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import tools.jackson.databind.JsonNode;

/**
 * The token endpoints beyond PROTOCOL.md (imlab extensions, documented in protocol.adoc):
 *
 * <table>
 *   <caption>token endpoints (Bearer token)</caption>
 *   <tr><td>{@code DELETE /api/v1/auth/token}</td><td>204: the token is revoked on every gateway, its connections closed</td></tr>
 *   <tr><td>{@code PUT /api/v1/auth/password} {@code {"oldPassword","newPassword"}}</td>
 *       <td>200 {@code {"token","expiresAt"}}: a new token for the caller's device; every older token of
 *       the user is revoked and its connections closed</td></tr>
 * </table>
 *
 * Both answer {@code 401 UNAUTHORIZED} to a missing, invalid, expired or revoked token, so a
 * logout repeated after a lost answer gets 401: the token is gone either way.
 */
public final class TokenRoutes {
    private final AccountService accounts;
    private final Authenticator authenticator;
    private final TokenRevoker revoker;
    private final Executor blocking;

    public TokenRoutes(AccountService accounts, Authenticator authenticator, TokenRevoker revoker, Executor blocking) {
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.revoker = revoker;
        this.blocking = blocking;
    }

    /** {@code DELETE /api/v1/auth/token}: answered once Redis holds the revocation. */
    CompletableFuture<ApiRoutes.Answer> logout(String authorization) {
        return authenticator.bearer(authorization)
                .thenCompose(revoker::logout)
                .thenApply(done -> new ApiRoutes.Answer(204, null));
    }

    /**
     * {@code PUT /api/v1/auth/password}: the new hash is stored first, then the tokens revoked; in
     * the other order, someone who knows the old password could log in between the two and keep a
     * token that the revocation no longer covers. If revoking fails (503), the client retries with
     * the same body, which {@link AccountService#changePassword} accepts as a repeat.
     */
    CompletableFuture<ApiRoutes.Answer> changePassword(String authorization, String body) {
        return authenticator.bearer(authorization) // the token first: a caller without one learns nothing of the body rules
                .thenApplyAsync(caller -> {
                    JsonNode json = ApiRoutes.parse(body);
                    accounts.changePassword(caller.userId(), ApiRoutes.string(json, "oldPassword"),
                            ApiRoutes.string(json, "newPassword"));
                    return caller;
                }, blocking)
                .thenCompose(caller -> revoker.revokeAll(caller.userId())
                        .thenApply(epoch -> accounts.tokenFrom(caller.userId(), caller.deviceId(), epoch)))
                .thenApply(TokenRoutes::answer);
    }

    private static ApiRoutes.Answer answer(TokenService.IssuedToken token) {
        return new ApiRoutes.Answer(200, Map.of("token", token.token(), "expiresAt", token.expiresAt()));
    }
}
