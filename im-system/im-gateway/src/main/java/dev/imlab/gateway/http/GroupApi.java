package dev.imlab.gateway.http;

import tools.jackson.databind.JsonNode;

/** The group endpoints; blocking, called off the event loop with an authenticated caller. */
public interface GroupApi {

    /** Handles {@code POST /api/v1/groups} and {@code POST /api/v1/groups/{id}/members}. */
    ApiRoutes.Answer handle(String callerId, String path, JsonNode body);
}
