package dev.imlab.client.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what a future failed with into the exception a blocking caller should see. */
public final class Failures {

    private Failures() {
    }

    /** Waits for {@code future}; an {@code ImException} comes out as itself, an I/O failure as {@link UncheckedIOException}. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for the server"));
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException(io.toString(), io);
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
