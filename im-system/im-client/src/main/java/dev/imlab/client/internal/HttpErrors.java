package dev.imlab.client.internal;

import dev.imlab.protocol.ErrorCode;

/** What an HTTP status means when the answer carries no {@code {"error":"CODE"}} body of its own. */
public final class HttpErrors {

    private HttpErrors() {
    }

    public static ErrorCode codeOf(int status) {
        switch (status) {
            case 400:
                return ErrorCode.BAD_REQUEST;
            case 401:
                return ErrorCode.UNAUTHORIZED;
            case 403:
                return ErrorCode.FORBIDDEN;
            case 404:
                return ErrorCode.NOT_FOUND;
            case 405:
                return ErrorCode.METHOD_NOT_ALLOWED;
            case 413:
                return ErrorCode.TOO_LARGE;
            case 429:
                return ErrorCode.RATE_LIMITED;
            case 503:
                return ErrorCode.UNAVAILABLE;
            default:
                return ErrorCode.INTERNAL;
        }
    }
}
