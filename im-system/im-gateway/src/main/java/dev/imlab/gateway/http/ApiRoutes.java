package dev.imlab.gateway.http;

import dev.imlab.gateway.auth.AccountService;
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
 * The HTTP API of PROTOCOL.md. Each call parses and checks its body on the event loop, then does
 * its blocking part (BCrypt, MongoDB) on {@code blocking}. Registrations and logins pass their
 * {@link Limits} first, so a refused one costs no BCrypt work.
 */
public final class ApiRoutes {
    private final AccountService accounts;
    private final TokenService tokens;
    private final GroupApi groups;
    private final BooleanSupplier ready;
    private final Executor blocking;
    private final Limits limits;

    public ApiRoutes(AccountService accounts, TokenService tokens, GroupApi groups, BooleanSupplier ready,
                     Executor blocking, Limits limits) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.groups = groups;
        this.ready = ready;
        this.blocking = blocking;
        this.limits = limits;
    }

    /** An answer: HTTP status and a body to write as JSON. */
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
            return CompletableFuture.completedFuture(ready.getAsBoolean()
                    ? new Answer(200, Map.of("status", "UP"))
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
        if (path.equals("/api/v1/auth/token")) {
            requireMethod(method, "POST");
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
            String caller = bearer(authorization);
            // GET and DELETE come without a body; the group routes decide which method each path allows.
            JsonNode json = body == null || body.isBlank() ? null : parse(body);
            return CompletableFuture.supplyAsync(() -> groups.handle(caller, method, path, json), blocking);
        }
        throw ErrorCode.NOT_FOUND.exception("no such resource: " + path);
    }

    private String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ErrorCode.UNAUTHORIZED.exception("an 'Authorization: Bearer <token>' header is required");
        }
        return tokens.verify(authorization.substring(7).trim()).userId();
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
