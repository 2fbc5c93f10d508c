package dev.imlab.protocol;

/**
 * Every error imlab reports, on the wire (an {@code error} frame) or over HTTP.
 *
 * <p>The name is the wire code of PROTOCOL.md; {@link #httpStatus()} is the status an HTTP
 * answer carries; {@link #retriable()} tells a caller whether the same request may succeed
 * later unchanged (with the same {@code clientMsgId}).
 */
public enum ErrorCode {
    BAD_FRAME(400, "the frame is not a JSON object"),
    UNKNOWN_TYPE(400, "unknown frame type"),
    MISSING_FIELD(400, "a required field is missing"),
    INVALID_FIELD(400, "a field has the wrong type or is out of range"),
    TOO_LARGE(413, "the body is too large"),
    NOT_MEMBER(403, "not a member of this conversation"),
    NO_SUCH_USER(404, "no such user"),
    NO_SUCH_GROUP(404, "no such group"),
    RATE_LIMITED(429, "too many requests", true),
    UNAVAILABLE(503, "the pipeline cannot accept this now", true),
    /** v2: the user may not do this to this message or conversation (on the wire and over HTTP). */
    FORBIDDEN(403, "not allowed"),
    /** v2: a time window for the request has passed (a recall after {@code imlab.recall.window}). */
    TOO_LATE(409, "the time window for this request has passed"),
    // HTTP API only.
    BAD_REQUEST(400, "the request body is not valid JSON"),
    UNAUTHORIZED(401, "missing, expired or invalid credentials"),
    NOT_FOUND(404, "no such resource"),
    METHOD_NOT_ALLOWED(405, "method not allowed"),
    USER_EXISTS(409, "the user already exists"),
    GROUP_EXISTS(409, "the group already exists"),
    INTERNAL(500, "internal error", true);

    private final int httpStatus;
    private final String defaultMessage;
    private final boolean retriable;

    ErrorCode(int httpStatus, String defaultMessage) {
        this(httpStatus, defaultMessage, false);
    }

    ErrorCode(int httpStatus, String defaultMessage, boolean retriable) {
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
        this.retriable = retriable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    public boolean retriable() {
        return retriable;
    }

    /** An exception carrying this code and a message that names the bad value. */
    public ImException exception(String message) {
        return new ImException(this, message);
    }

    public ImException exception() {
        return new ImException(this, defaultMessage);
    }
}
