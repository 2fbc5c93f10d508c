package dev.imlab.protocol;

import static dev.imlab.protocol.ErrorCode.INVALID_FIELD;

import java.nio.charset.StandardCharsets;

/** The shapes of identifiers and other bounded values of PROTOCOL.md, checked at the boundary. */
public final class Ids {
    public static final int MAX_ID_LENGTH = 64;
    public static final int MIN_PASSWORD_LENGTH = 8;
    public static final int MAX_PASSWORD_LENGTH = 128;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 64;
    public static final int MAX_BODY_BYTES = 4096;

    private Ids() {
    }

    /** User, group and device ids: 1 to 64 of {@code [A-Za-z0-9.-]}; no underscore, it separates conversation id parts. */
    public static boolean isId(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 1 to 64 printable ASCII characters, no spaces. */
    public static boolean isClientMsgId(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_CLIENT_MSG_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    public static String requireId(String field, String value) {
        if (!isId(value)) {
            throw INVALID_FIELD.exception(field + " '" + abbreviate(value)
                    + "' must be 1 to 64 characters of [A-Za-z0-9.-]");
        }
        return value;
    }

    public static String requireClientMsgId(String value) {
        if (!isClientMsgId(value)) {
            throw INVALID_FIELD.exception("clientMsgId '" + abbreviate(value)
                    + "' must be 1 to 64 printable ASCII characters without spaces");
        }
        return value;
    }

    public static String requirePassword(String value) {
        int length = value == null ? 0 : value.length();
        if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
            throw INVALID_FIELD.exception("password is " + length + " characters, it must be "
                    + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH);
        }
        return value;
    }

    public static String requireBody(String body) {
        // Cheap bound first: a UTF-8 char takes at most 3 bytes per UTF-16 unit.
        if (body.length() * 3 > MAX_BODY_BYTES) {
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BODY_BYTES) {
                throw ErrorCode.TOO_LARGE.exception("body is " + bytes + " bytes, limit is " + MAX_BODY_BYTES);
            }
        }
        return body;
    }

    /** Keeps error messages short when someone sends a huge bad value. */
    static String abbreviate(String s) {
        return abbreviate(s, 80);
    }

    /** {@code s} cut to at most {@code max} characters, ending in "..." when cut; "null" for null. */
    public static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
