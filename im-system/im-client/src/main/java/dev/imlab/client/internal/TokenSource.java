package dev.imlab.client.internal;

import dev.imlab.client.Token;
import java.util.concurrent.CompletableFuture;

/** Fetches a fresh token, for a client that knows the user's password. */
@FunctionalInterface
public interface TokenSource {

    CompletableFuture<Token> fetch();
}
