package dev.imlab.gateway.internal;

import java.util.concurrent.CompletionException;

/** What went wrong in a chain of {@code CompletableFuture}s, without the wrapper they add. */
public final class Futures {
    private Futures() {
    }

    /** The cause a stage failed with: the exception inside a {@link CompletionException}, else the error itself. */
    public static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
