package dev.imlab.gateway.http;

import dev.imlab.gateway.group.GroupService;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.storage.group.GroupRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The group endpoints of PROTOCOL.md, and three more in the same shape:
 *
 * <table>
 *   <caption>group endpoints (Bearer token)</caption>
 *   <tr><td>{@code POST /api/v1/groups} {@code {"groupId","members":[...]}}</td><td>201, the group</td></tr>
 *   <tr><td>{@code POST /api/v1/groups/{g}/members} {@code {"userId"}}, owner only</td><td>200, the group</td></tr>
 *   <tr><td>{@code DELETE /api/v1/groups/{g}/members/{u}}, owner only (or u itself: leaving)</td><td>200, the group</td></tr>
 *   <tr><td>{@code POST /api/v1/groups/{g}/leave}, any member but the owner</td><td>200, {@code {"groupId","left"}}</td></tr>
 *   <tr><td>{@code GET /api/v1/groups/{g}}, members only</td><td>200, the group</td></tr>
 * </table>
 *
 * "The group" is {@code {"groupId","owner","members":[...]}}, members in the order they joined.
 * A member that leaves gets no member list: it is no longer entitled to one.
 */
public final class GroupRoutes implements GroupApi {
    private static final String BASE = "/api/v1/groups";

    private final GroupService groups;

    public GroupRoutes(GroupService groups) {
        this.groups = groups;
    }

    @Override
    public ApiRoutes.Answer handle(String caller, String method, String path, JsonNode body) {
        String rest = path.substring(BASE.length());
        if (rest.isEmpty() || rest.equals("/")) {
            requireMethod(method, "POST");
            JsonNode json = required(body);
            return new ApiRoutes.Answer(201, view(groups.create(caller, ApiRoutes.string(json, "groupId"),
                    strings(json, "members"))));
        }
        String[] parts = rest.substring(1).split("/", -1);
        String groupId = parts[0];
        if (parts.length == 1) {
            requireMethod(method, "GET");
            return new ApiRoutes.Answer(200, view(groups.get(caller, groupId)));
        }
        if (parts.length == 2 && parts[1].equals("members")) {
            requireMethod(method, "POST");
            String userId = ApiRoutes.string(required(body), "userId");
            return new ApiRoutes.Answer(200, view(groups.add(caller, groupId, userId)));
        }
        if (parts.length == 3 && parts[1].equals("members")) {
            requireMethod(method, "DELETE");
            String userId = parts[2];
            GroupRecord group = groups.remove(caller, groupId, userId);
            return new ApiRoutes.Answer(200, userId.equals(caller) ? left(groupId, caller) : view(group));
        }
        if (parts.length == 2 && parts[1].equals("leave")) {
            requireMethod(method, "POST");
            groups.leave(caller, groupId);
            return new ApiRoutes.Answer(200, left(groupId, caller));
        }
        throw ErrorCode.NOT_FOUND.exception("no such resource: " + path);
    }

    private static Map<String, Object> view(GroupRecord group) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupId", group.groupId());
        body.put("owner", group.owner());
        body.put("members", group.memberIds());
        return body;
    }

    private static Map<String, Object> left(String groupId, String userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupId", groupId);
        body.put("left", userId);
        return body;
    }

    private static JsonNode required(JsonNode body) {
        if (body == null) {
            throw ErrorCode.BAD_REQUEST.exception("this call needs a JSON object body");
        }
        return body;
    }

    /** A required array of strings: absent is MISSING_FIELD, anything else INVALID_FIELD. */
    private static List<String> strings(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw ErrorCode.MISSING_FIELD.exception(field + " is required (an array of user ids, may be empty)");
        }
        if (!value.isArray()) {
            throw ErrorCode.INVALID_FIELD.exception(field + " must be an array of user ids");
        }
        List<String> found = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isString()) {
                throw ErrorCode.INVALID_FIELD.exception(field + " must hold strings only, found " + element);
            }
            found.add(element.stringValue());
        }
        return found;
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw ErrorCode.METHOD_NOT_ALLOWED.exception(method + " is not allowed here, use " + expected);
        }
    }
}
