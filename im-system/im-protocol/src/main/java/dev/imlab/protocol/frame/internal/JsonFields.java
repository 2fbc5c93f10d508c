package dev.imlab.protocol.frame.internal;

import static dev.imlab.protocol.ErrorCode.INVALID_FIELD;
import static dev.imlab.protocol.ErrorCode.MISSING_FIELD;

import dev.imlab.protocol.Ids;
import tools.jackson.databind.JsonNode;

/** Typed reads of one frame's fields, each failing with the wire code PROTOCOL.md names. */
public final class JsonFields {
    private final JsonNode node;

    public JsonFields(JsonNode node) {
        this.node = node;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public String requireString(String field) {
        JsonNode value = present(field);
        if (!value.isString()) {
            throw INVALID_FIELD.exception(field + " must be a string, got " + value.getNodeType());
        }
        return value.stringValue();
    }

    public String optionalString(String field) {
        return has(field) ? requireString(field) : null;
    }

    public long requireLong(String field) {
        JsonNode value = present(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw INVALID_FIELD.exception(field + " must be an integer, got " + Ids.abbreviate(value.toString(), 40));
        }
        return value.longValue();
    }

    public Long optionalLong(String field) {
        return has(field) ? requireLong(field) : null;
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw MISSING_FIELD.exception(field + " is required");
        }
        return value;
    }
}
