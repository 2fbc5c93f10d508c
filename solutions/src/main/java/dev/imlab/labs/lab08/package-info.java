/**
 * Lab 08, end-to-end encryption: "TLS already encrypts the connection: what does end-to-end
 * encryption add, and what would it take in a multi-device chat?"
 *
 * <p>TLS protects a message on the wire, hop by hop; the server decrypts it, stores it and can read
 * it. End-to-end encryption keeps the key on the devices: two devices agree on a key over X25519
 * without sending it, stretch it with HKDF, and seal each body with AES-GCM, which also
 * authenticates the header the server needs to route it. The server keeps routing, storing,
 * numbering and acking envelopes, and can open none; every device gets an envelope of its own.
 * imlab itself is not end-to-end encrypted: its server reads bodies (recall, webhooks and
 * moderation need them), which the guide discusses.
 *
 * <p>You write {@link dev.imlab.labs.lab08.SessionKey}, {@link dev.imlab.labs.lab08.Envelope} and
 * {@link dev.imlab.labs.lab08.DeviceFanOut}, with the JDK's own crypto (no library). The code in
 * {@code labs/src/given/java} ({@code Sealed}, {@code Relay}) is given.
 *
 * <p>Try it: {@code ./mvnw test -pl labs -Dgroups=lab08}. The guide, with hints that unfold one at a
 * time, is {@code labs/guides/lab08.adoc}; the reference solution is in {@code solutions/}, same
 * package, same class names.
 */
package dev.imlab.labs.lab08;
