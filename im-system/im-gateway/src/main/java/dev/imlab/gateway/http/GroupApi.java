package dev.imlab.gateway.http;

import tools.jackson.databind.JsonNode;

/** The group endpoints; blocking, called off the event loop with an authenticated caller. */
public interface GroupApi {

    /**
     * Handles a request under {@code /api/v1/groups}.
     *
     * @param method the HTTP method: each path decides which it allows ({@code METHOD_NOT_ALLOWED})
     * @param body the parsed JSON body, or null when the request had none
     */
    ApiRoutes.Answer handle(String callerId, String method, String path, JsonNode body);
}
