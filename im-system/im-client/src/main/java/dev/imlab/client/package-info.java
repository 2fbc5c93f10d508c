/**
 * The Java SDK of imlab: {@link dev.imlab.client.ImHttpApi} for users, tokens and groups, and
 * {@link dev.imlab.client.ImClient} for one device's WebSocket connection: send, receive in
 * order, ack, sync, pull, reconnect.
 *
 * <p>A first program:
 * <pre>{@code
 * ImHttpApi api = new ImHttpApi(URI.create("http://localhost:8080"));
 * api.register("alice", "s3cret-pass");
 * try (ImClient alice = ImClient.builder().baseUri("http://localhost:8080")
 *         .userId("alice").password("s3cret-pass").deviceId("laptop").build()) {
 *     alice.onMessage(m -> System.out.println(m.from() + ": " + m.body()));
 *     alice.connect();
 *     alice.send("bob", "hi").join();
 * }
 * }</pre>
 *
 * <p>The machinery lives in {@code internal}: not part of the API, free to change.
 */
package dev.imlab.client;
