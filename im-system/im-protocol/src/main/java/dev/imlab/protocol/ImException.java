package dev.imlab.protocol;

import java.util.Objects;

/**
 * The one exception type for a refused request. It travels back to whoever can act on it: the
 * gateway turns it into an {@code error} frame or an HTTP error answer.
 *
 * <p>{@code ref} is the {@code clientMsgId} or request type the error answers, if known;
 * {@code retryAfterMs} is set for {@link ErrorCode#RATE_LIMITED}.
 */
public class ImException extends RuntimeException {
    private final ErrorCode code;
    private final String ref;
    private final Long retryAfterMs;

    public ImException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ImException(ErrorCode code, String message, String ref, Long retryAfterMs) {
        super(message, null, false, false); // refusals are expected; their stack traces are noise
        this.code = Objects.requireNonNull(code, "code");
        this.ref = ref;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    public String ref() {
        return ref;
    }

    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** The same refusal, answering the request named by {@code ref}. */
    public ImException withRef(String newRef) {
        return new ImException(code, getMessage(), newRef, retryAfterMs);
    }

    public boolean retriable() {
        return code.retriable();
    }
}
