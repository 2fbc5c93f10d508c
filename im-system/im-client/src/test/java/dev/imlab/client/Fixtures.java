package dev.imlab.client;

import dev.imlab.client.fake.FakeImServer;
import dev.imlab.protocol.Message;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Small factories shared by the client tests. */
final class Fixtures {
    static final String CHAT = "si_alice_bob";

    private Fixtures() {
    }

    /** Alice's laptop with short timers, so that tests finish fast; acks and reads go out at once. */
    static ImClientBuilder alice(FakeImServer server) {
        return ImClient.builder()
                .baseUri(server.baseUri())
                .userId("alice")
                .deviceId("laptop")
                .token(FakeImServer.GOOD_TOKEN)
                .ackDelay(Duration.ZERO)
                .readDelay(Duration.ZERO)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    /** Connects and waits until the first sync was answered, so that delivery has its starting points. */
    static void connectAndSync(ImClient client) throws Exception {
        client.connect();
        client.sync().get(5, TimeUnit.SECONDS);
    }

    static Message fromBob(long seq) {
        return new Message(CHAT, seq, "bob", "hello " + seq, "bob-phone-" + seq, 1_000 + seq, null);
    }

    /** Alice's own message, as another of her devices (or a pull) shows it. */
    static Message fromAlice(long seq) {
        return new Message(CHAT, seq, "alice", "hi " + seq, "alice-phone-" + seq, 1_000 + seq, null);
    }

    /** Bob's recall of his message {@code recalledSeq}, itself message {@code seq}. */
    static Message recallByBob(long seq, long recalledSeq) {
        return Message.recall(CHAT, seq, "bob", "bob-phone-" + seq, 1_000 + seq, null, recalledSeq);
    }
}
