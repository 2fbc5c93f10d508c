/**
 * The Java SDK of imlab: {@link dev.imlab.client.ImHttpApi} for users, tokens and groups, and
 * {@link dev.imlab.client.ImClient} for one device's WebSocket connection: send, receive in
 * order, ack, sync, pull, reconnect; and (PROTOCOL.md v2) read state with unread counts and read
 * receipts, recall, and expired history, each conversation's state in a
 * {@link dev.imlab.client.Conversation}.
 *
 * <p>A first program:
 * <pre>{@code
 * ImHttpApi api = new ImHttpApi(URI.create("http://localhost:8080"));
 * api.register("alice", "s3cret-pass");
 * try (ImClient alice = ImClient.builder().baseUri("http://localhost:8080")
 *         .userId("alice").password("s3cret-pass").deviceId("laptop").build()) {
 *     alice.onMessage(m -> System.out.println(m.from() + ": " + (m.isRecall() ? "(recalled " + m.recalledSeq() + ")" : m.body())));
 *     alice.onUnread((conversationId, unread) -> System.out.println(conversationId + ": " + unread + " unread"));
 *     alice.connect();
 *     long seq = alice.send("bob", "hi").join().seq();
 *     alice.recall("si_alice_bob", seq).join(); // within the server's recall window
 * }
 * }</pre>
 *
 * <p>The machinery lives in {@code internal}: not part of the API, free to change.
 */
package dev.imlab.client;
