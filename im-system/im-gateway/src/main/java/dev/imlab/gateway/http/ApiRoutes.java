package dev.imlab.gateway.http;

import dev.imlab.gateway.auth.AccountService;
import dev.imlab.gateway.auth.Authenticator;
import dev.imlab.gateway.auth.TokenService;
import dev.imlab.gateway.limits.Limits;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP API of PROTOCOL.md, and imlab's token extensions ({@link TokenRoutes}). Each call
 * parses and checks its body on the event loop, then does its blocking part (BCrypt, MongoDB) on
 * {@code blocking}; a call with a Bearer token checks the token ({@link Authenticator}) first.
 * Registrations and logins pass their {@link Limits} first, so a refused one costs no BCrypt work.
 */
public final class ApiRoutes {
    private final AccountService accounts;
    private final Authenticator authenticator;
    private final TokenRoutes tokens;
    private final GroupApi groups;
    private final BooleanSupplier ready;
    private final BooleanSupplier draining;
    private final Executor blocking;
    private final Limits limits;

    public ApiRoutes(AccountService accounts, Authenticator authenticator, TokenRoutes tokens, GroupApi groups,
                     BooleanSupplier ready, BooleanSupplier draining, Executor blocking, Limits limits) {
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.groups = groups;
        this.ready = ready;
        this.draining = draining;
        this.blocking = blocking;
        this.limits = limits;
    }

    /** An answer: HTTP status and a body to write as JSON (null: no body, for 204). */
    public record Answer(int status, Object body) {
    }

    /** @param client the caller's address, which registration and login limits count by */
    public CompletableFuture<Answer> handle(String method, String path, String authorization, String body,
                                            String client) {
        try {
            return route(method, path, authorization, body, client);
        } catch (ImException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Answer> route(String method, String path, String authorization, String body,
                                            String client) {
        if (path.equals("/api/v1/health")) {
            requireMethod(method, "GET");
            // DRAINING first: a load balancer must stop sending connections to a gateway on its way out.
            return CompletableFuture.completedFuture(draining.getAsBoolean() ? new Answer(503, Map.of("status", "DRAINING"))
                    : ready.getAsBoolean() ? new Answer(200, Map.of("status", "UP"))
                    : new Answer(503, Map.of("status", "STARTING")));
        }
        if (path.equals("/api/v1/users")) {
            requireMethod(method, "POST");
            JsonNode json = parse(body);
            String userId = string(json, "userId");
            String password = string(json, "password");
            limits.checkRegistration(client);
            return CompletableFuture.supplyAsync(() -> {
                accounts.register(userId, password);
                return new Answer(201, Map.of("userId", userId));
            }, blocking);
        }
        if (path.equals("/api/v1/auth/token") && method.equals("DELETE")) {
            return tokens.logout(authorization); // imlab extension
        }
        if (path.equals("/api/v1/auth/password")) {
            requireMethod(method, "PUT");
            return tokens.changePassword(authorization, body); // imlab extension
        }
        if (path.equals("/api/v1/auth/token")) {
            requireMethod(method, "POST"); // or DELETE, above
            JsonNode json = parse(body);
            String userId = string(json, "userId");
            String password = string(json, "password");
            String deviceId = string(json, "deviceId");
            return limits.login(client, userId, () -> CompletableFuture.supplyAsync(() -> {
                TokenService.IssuedToken token = accounts.login(userId, password, deviceId);
                return new Answer(200, Map.of("token", token.token(), "expiresAt", token.expiresAt()));
            }, blocking));
        }
        if (path.equals("/api/v1/groups") || path.startsWith("/api/v1/groups/")) {
            return authenticator.bearer(authorization).thenApplyAsync(caller -> {
                // GET and DELETE come without a body; the group routes decide which method each path allows.
                JsonNode json = body == null || body.isBlank() ? null : parse(body);
                return groups.handle(caller.userId(), method, path, json);
            }, blocking);
        }
        throw ErrorCode.NOT_FOUND.exception("no such resource: " + path);
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw ErrorCode.METHOD_NOT_ALLOWED.exception(method + " is not allowed here, use " + expected);
        }
    }

    static JsonNode parse(String body) {
        JsonNode json;
        try {
            json = HttpResponses.JSON.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw ErrorCode.BAD_REQUEST.exception("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw ErrorCode.BAD_REQUEST.exception("the body must be a JSON object");
        }
        return json;
    }

    /** A required string field: absent is MISSING_FIELD, another type INVALID_FIELD (both 400). */
    static String string(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw ErrorCode.MISSING_FIELD.exception(field + " is required");
        }
        if (!value.isString()) {
            throw ErrorCode.INVALID_FIELD.exception(field + " must be a string");
        }
        return value.stringValue();
    }
}
